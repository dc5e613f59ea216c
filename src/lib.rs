//! matchpress: a static site generator for residency-applicant resource sites.
//!
//! The pipeline runs in module order: `source` reads the inputs, `model` validates and resolves
//! them into a `Site`, `plan` turns the site into output jobs with their template contexts,
//! `render` renders them (markdown once per source, templates in parallel), and `output`
//! writes what changed from a manifest. `pipeline` runs the phases for the `build` command.

pub mod cache;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod embedded;
pub mod error;
pub mod html;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod shape;
pub mod sheet;
pub mod slug;
pub mod source;
pub mod states;
pub mod stored;
pub mod yaml;

pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use error::Error;
