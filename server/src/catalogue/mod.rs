//! The catalogue's server side: the search engine, loading snapshots from the store,
//! the demo generator and the charter importer.

pub mod charter;
pub mod demo;
pub mod import;
pub mod live;
pub mod search;
