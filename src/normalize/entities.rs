//! The `entities` and `mentions` tables from the mentions extract found: one
//! entity per canonical name and type, with its aliases and counts.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use polars::prelude::DataFrame;

use super::frame::FrameBuilder;
use crate::contract::MentionCandidate;
use crate::rules::gazetteer::Gazetteer;
use crate::schema::{ENTITIES, MENTIONS};

/// An entity as published: everything the mentions say about it.
struct Entity<'a> {
    name: &'a str,
    entity_type: &'a str,
    /// Spellings in order: the gazetteer's, then other forms the texts use.
    aliases: Vec<String>,
    seen_forms: BTreeSet<&'a str>,
    mention_count: i64,
    documents: BTreeSet<&'a str>,
}

/// `type:slug-of-the-name`: stable as long as the canonical name is, and
/// readable in a join.
pub fn entity_id(entity_type: &str, name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{entity_type}:{}", slug.trim_end_matches('-'))
}

pub fn entities_frame(mentions: &[MentionCandidate], gazetteer: &Gazetteer) -> Result<DataFrame> {
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    for mention in mentions {
        let entity = entities.entry(entity_id(&mention.entity_type, &mention.entity_name)).or_insert_with(|| Entity {
            name: &mention.entity_name,
            entity_type: &mention.entity_type,
            aliases: gazetteer
                .entity(&mention.entity_name, &mention.entity_type)
                .map(|known| known.aliases.clone())
                .unwrap_or_default(),
            mention_count: 0,
            documents: BTreeSet::new(),
            seen_forms: BTreeSet::new(),
        });
        entity.mention_count += 1;
        entity.documents.insert(&mention.doc_id);
        entity.seen_forms.insert(&mention.quote);
    }
    for entity in entities.values_mut() {
        let unlisted: Vec<String> =
            entity.seen_forms.iter().filter(|f| !entity.aliases.iter().any(|a| a == *f)).map(|f| f.to_string()).collect();
        entity.aliases.extend(unlisted);
    }

    let rows: Vec<(&String, &Entity)> = entities.iter().collect();
    let mut b = FrameBuilder::new(&ENTITIES);
    b.str("entity_id", rows.iter().map(|(id, _)| Some(id.to_string())));
    b.str("name", rows.iter().map(|(_, e)| Some(e.name.to_string())));
    b.str("type", rows.iter().map(|(_, e)| Some(e.entity_type.to_string())));
    b.str("aliases", rows.iter().map(|(_, e)| Some(e.aliases.join("|"))));
    b.i64("mention_count", rows.iter().map(|(_, e)| Some(e.mention_count)));
    b.i64("document_count", rows.iter().map(|(_, e)| Some(e.documents.len() as i64)));
    b.finish()
}

pub fn mentions_frame(mentions: &[MentionCandidate]) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&MENTIONS);
    b.str("mention_id", mentions.iter().map(|m| Some(m.mention_id.clone())));
    b.str("entity_id", mentions.iter().map(|m| Some(entity_id(&m.entity_type, &m.entity_name))));
    b.str("doc_id", mentions.iter().map(|m| Some(m.doc_id.clone())));
    b.str("quote", mentions.iter().map(|m| Some(m.quote.clone())));
    b.i64("char_start", mentions.iter().map(|m| Some(m.char_start)));
    b.i64("char_end", mentions.iter().map(|m| Some(m.char_end)));
    b.i64("byte_start", mentions.iter().map(|m| Some(m.byte_start)));
    b.i64("byte_end", mentions.iter().map(|m| Some(m.byte_end)));
    b.i64("line", mentions.iter().map(|m| Some(m.line)));
    b.str("rule", mentions.iter().map(|m| Some(m.rule.clone())));
    b.str("source_sha256", mentions.iter().map(|m| Some(m.source_sha256.clone())));
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_type_and_a_slug() {
        assert_eq!(entity_id("place", "Almaty"), "place:almaty");
        assert_eq!(entity_id("organization", "RFE/RL"), "organization:rfe-rl");
        assert_eq!(entity_id("event", "Kazakh famine of 1930–1933"), "event:kazakh-famine-of-1930-1933");
        assert_eq!(entity_id("person", "Айдар Беков"), "person:айдар-беков");
    }
}
