//! Applications for services: the life of an application (its state machine) and the
//! service-charter clock (due dates in Kenyan working days).

pub mod calendar;
pub mod charter;
pub mod documents;
pub mod form;
pub mod islands;
pub mod state;
pub mod uploads;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
