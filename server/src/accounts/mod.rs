//! Server-side account adapters: the demo accounts seeded for every role.

pub mod demo;
