//! The `entities` and `mentions` tables from the mentions extract found: one
//! entity per canonical name and type, with its aliases and counts.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use polars::prelude::DataFrame;

use super::frame::FrameBuilder;
use crate::contract::MentionCandidate;
use crate::rules::gazetteer::Gazetteer;
use crate::schema::{ENTITIES, MENTIONS};

/// What the mentions say of one entity, gathered document by document.
#[derive(Debug, Default)]
struct Entity {
    name: String,
    entity_type: String,
    /// The forms the texts use, each once.
    seen_forms: BTreeSet<String>,
    mention_count: i64,
    document_count: i64,
}

/// The entities of the mentions seen so far, by id.
#[derive(Debug, Default)]
pub struct EntityCounts {
    entities: BTreeMap<String, Entity>,
}

impl EntityCounts {
    /// Counts the mentions of one document.
    pub fn add(&mut self, mentions: &[MentionCandidate]) {
        let mut in_this_document: BTreeSet<String> = BTreeSet::new();
        for mention in mentions {
            let id = entity_id(&mention.entity_type, &mention.entity_name);
            let entity = self.entities.entry(id.clone()).or_insert_with(|| Entity {
                name: mention.entity_name.clone(),
                entity_type: mention.entity_type.clone(),
                ..Entity::default()
            });
            entity.mention_count += 1;
            entity.seen_forms.insert(mention.quote.clone());
            if in_this_document.insert(id) {
                entity.document_count += 1;
            }
        }
    }

    /// The entities table: the gazetteer's spellings of each entity first,
    /// then the other forms the texts use.
    pub fn frame(&self, gazetteer: &Gazetteer) -> Result<DataFrame> {
        let aliases = |e: &Entity| -> String {
            let mut aliases: Vec<String> =
                gazetteer.entity(&e.name, &e.entity_type).map(|known| known.aliases.clone()).unwrap_or_default();
            let unlisted: Vec<String> = e.seen_forms.iter().filter(|f| !aliases.contains(f)).cloned().collect();
            aliases.extend(unlisted);
            aliases.join("|")
        };
        let rows: Vec<(&String, &Entity)> = self.entities.iter().collect();
        let mut b = FrameBuilder::new(&ENTITIES);
        b.str("entity_id", rows.iter().map(|(id, _)| Some(id.to_string())));
        b.str("name", rows.iter().map(|(_, e)| Some(e.name.clone())));
        b.str("type", rows.iter().map(|(_, e)| Some(e.entity_type.clone())));
        b.str("aliases", rows.iter().map(|(_, e)| Some(aliases(e))));
        b.i64("mention_count", rows.iter().map(|(_, e)| Some(e.mention_count)));
        b.i64("document_count", rows.iter().map(|(_, e)| Some(e.document_count)));
        b.finish()
    }
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
