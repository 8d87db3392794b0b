//! The open lexicons and the open gazetteer (`rules/lexicons/`) on sentences
//! written for these tests: who a number counts by the head of its noun
//! phrase, in English and in any Russian case, and places the hand
//! gazetteer does not know, named canonically.

use anyhow::Result;

use crate::common::{field, figure, publish_written, read_csv, Table};

const TEXT: &str = "\
In 1950 the commission counted 1,500 political prisoners in the camps.

The court reviewed 2,000 cases that year.

In 1944 some 400 border guards were sent to Chechnya.

Шахты закрылись, и 300 шахтёров остались без работы.

Весной 2022 года в Киевской области жили 200 перемещённых лиц.
";

fn published_figures() -> Result<Table> {
    let (_dir, out) = publish_written(&[("written.txt", TEXT)])?;
    read_csv(&out.join("figures.csv"))
}

#[test]
fn the_head_of_the_counted_noun_phrase_says_whether_it_counts_people() -> Result<()> {
    let figures = published_figures()?;
    let units = [("1,500", "person"), ("2,000", "item"), ("some 400", "person"), ("300", "person"), ("200", "person")];
    for (quote, unit) in units {
        assert_eq!(field(figure(&figures, quote), "unit"), unit, "{quote}");
    }
    Ok(())
}

#[test]
fn generated_places_are_named_canonically_in_both_languages() -> Result<()> {
    let figures = published_figures()?;
    for (quote, place) in [("some 400", "Chechnya"), ("200", "Kyiv Oblast")] {
        assert_eq!(field(figure(&figures, quote), "place"), place, "{quote}");
    }
    Ok(())
}
