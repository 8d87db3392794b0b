//! The one integration-test binary: each module runs the built `tally` and
//! pins one part of its behaviour, mirroring the stage it exercises.

mod common;
mod context;
mod entities;

mod determinism;
mod errors;
mod grammar;
mod hardening;
mod interrupted;
mod layout;
mod pipeline;
mod publish;
mod review;
mod rules;
mod scale;
mod spreadsheet;
