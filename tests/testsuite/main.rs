//! The integration tests of matchpress: one binary, a module per feature, each test building a
//! copy of a fixture site from `tests/fixtures/` (see `support`).

mod architecture;
mod browser;
mod build_cache;
mod check;
mod cli;
mod config;
mod csv_programs;
mod data_errors;
mod drafts;

mod encoding;
mod escaping;
mod example_site;
mod external;
mod front_matter;
mod incremental;
mod limits;
mod links;
mod lists;
mod markdown;
mod migration;
mod output;
mod programs;
mod properties;
mod publishing;
mod review;
mod scale;
mod search;
mod search_index;
mod serve;
mod severity;
mod slugs;
mod smart_pick;
mod smart_pick_method;
mod starting;
mod support;
mod templates;
