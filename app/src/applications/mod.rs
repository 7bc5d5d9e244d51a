//! Applications for services: the life of an application (its state machine) and the
//! service-charter clock (due dates in Kenyan working days).

pub mod calendar;
pub mod form;
pub mod state;
