//! Pins the entities and mentions tables on text written for these tests:
//! spelling variants, possessives and Russian case endings map to one
//! gazetteer entity; pattern rules find names the gazetteer does not know and
//! mark them with their rule; every mention slices back to its quote.

use anyhow::Result;

use crate::common::{field, publish_written, read_csv, Row, Table};

const TEXT: &str = "\
Tokayev's decree was read in Alma-Ata. Later Tokaev spoke in Almaty again.
The NKVD, the People's Commissariat for Internal Affairs, ran the Great Purge.
Токаев выступил в Казахстане; в Алматы ввели войска ОДКБ.

The historian Aida Bekova found the lists. \"We kept them,\" Bekova said.
Officials of the Kazakh Famine Commission met in Russian towns.

Funding Woes Keep the Steppe Archives Closed
";

struct Published {
    entities: Table,
    mentions: Table,
    text: String,
}

fn published() -> Result<Published> {
    let (_dir, out) = publish_written(&[("written.txt", TEXT)])?;
    Ok(Published {
        entities: read_csv(&out.join("entities.csv"))?,
        mentions: read_csv(&out.join("mentions.csv"))?,
        text: TEXT.to_string(),
    })
}

fn entity<'a>(entities: &'a Table, id: &str) -> &'a Row {
    entities
        .rows
        .iter()
        .find(|r| field(r, "entity_id") == id)
        .unwrap_or_else(|| panic!("no entity {id}; have {:?}", ids(entities)))
}

fn ids(entities: &Table) -> Vec<&str> {
    entities.rows.iter().map(|r| field(r, "entity_id")).collect()
}

/// The (quote, rule) of every mention of `id`, in text order.
fn mentions_of<'a>(mentions: &'a Table, id: &str) -> Vec<(&'a str, &'a str)> {
    mentions.rows.iter().filter(|r| field(r, "entity_id") == id).map(|r| (field(r, "quote"), field(r, "rule"))).collect()
}

#[test]
fn variants_possessives_and_case_endings_name_one_entity() -> Result<()> {
    let p = published()?;

    let gazetteer = "entity.gazetteer";
    assert_eq!(
        mentions_of(&p.mentions, "person:kassym-jomart-tokayev"),
        [("Tokayev", gazetteer), ("Tokaev", gazetteer), ("Токаев", gazetteer)]
    );
    assert_eq!(
        mentions_of(&p.mentions, "place:almaty"),
        [("Alma-Ata", gazetteer), ("Almaty", gazetteer), ("Алматы", gazetteer)]
    );
    assert_eq!(mentions_of(&p.mentions, "place:kazakhstan"), [("Казахстане", gazetteer)]);
    assert_eq!(
        mentions_of(&p.mentions, "organization:nkvd"),
        [("NKVD", gazetteer), ("People's Commissariat for Internal Affairs", gazetteer)]
    );
    assert_eq!(mentions_of(&p.mentions, "event:great-terror"), [("Great Purge", gazetteer)]);
    assert_eq!(mentions_of(&p.mentions, "organization:csto"), [("ОДКБ", gazetteer)]);
    assert!(mentions_of(&p.mentions, "place:russia").is_empty(), "\"Russian\" is not Russia");

    let tokayev = entity(&p.entities, "person:kassym-jomart-tokayev");
    assert_eq!(field(tokayev, "name"), "Kassym-Jomart Tokayev");
    assert_eq!(field(tokayev, "type"), "person");
    assert_eq!(field(tokayev, "mention_count"), "3");
    assert_eq!(field(tokayev, "document_count"), "1");
    let aliases: Vec<&str> = field(tokayev, "aliases").split('|').collect();
    for spelling in ["Tokayev", "Tokaev", "Токаев"] {
        assert!(aliases.contains(&spelling), "{spelling} missing from {aliases:?}");
    }
    Ok(())
}

#[test]
fn pattern_rules_find_unknown_names_and_mark_their_rule() -> Result<()> {
    let p = published()?;

    assert_eq!(
        mentions_of(&p.mentions, "person:aida-bekova"),
        [("Aida Bekova", "entity.person.title"), ("Bekova", "entity.name_again")]
    );
    let bekova = entity(&p.entities, "person:aida-bekova");
    assert_eq!((field(bekova, "name"), field(bekova, "type")), ("Aida Bekova", "person"));

    // A multi-word alias matches in any capitalization; the gazetteer's name
    // wins over the longer organization a pattern would make of it.
    assert_eq!(mentions_of(&p.mentions, "event:kazakh-famine-of-1930-1933"), [("Kazakh Famine", "entity.gazetteer")]);

    // A title-case heading is not a source of names.
    let from_heading: Vec<&str> = p
        .mentions
        .rows
        .iter()
        .filter(|r| p.text.lines().last().is_some_and(|heading| heading.contains(field(r, "quote"))))
        .map(|r| field(r, "quote"))
        .collect();
    assert!(from_heading.is_empty(), "names taken from the heading: {from_heading:?}");
    Ok(())
}

#[test]
fn every_mention_slices_back_to_its_quote() -> Result<()> {
    let p = published()?;
    let chars: Vec<char> = p.text.chars().collect();
    assert!(p.mentions.rows.len() >= 10, "only {} mentions", p.mentions.rows.len());
    for row in &p.mentions.rows {
        let int = |column: &str| field(row, column).parse::<usize>().expect("an integer offset");
        let quote = field(row, "quote");
        let by_chars: String = chars[int("char_start")..int("char_end")].iter().collect();
        assert_eq!(by_chars, quote, "code point offsets of {row:?}");
        assert_eq!(&p.text.as_bytes()[int("byte_start")..int("byte_end")], quote.as_bytes(), "byte offsets of {row:?}");
        assert_eq!(p.text[..int("byte_start")].matches('\n').count() + 1, int("line"), "line of {row:?}");
    }
    Ok(())
}
