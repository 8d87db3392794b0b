//! The one integration-test binary: each module runs the built `tally` and
//! pins one part of its behaviour, mirroring the stage it exercises.

mod claims;
mod common;
mod context;
mod entities;

mod determinism;
mod errors;
mod grammar;
mod hardening;
mod interrupted;
mod layout;
mod lexicons;
mod pipeline;
mod publish;
mod report;
mod review;
mod rules;
mod scale;
mod spreadsheet;
