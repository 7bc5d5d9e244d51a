//! What appointments need from storage.

use crate::notifications::outbox::NewNotice;
use crate::store::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// An agency office that sees citizens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// Stable code, e.g. `immigration-nairobi`.
    pub code: String,
    /// The agency it belongs to.
    pub agency_code: String,
    /// Name shown to citizens.
    pub name: String,
    /// Town, for choosing the nearest.
    pub town: String,
    /// Where to go.
    pub address: String,
    /// Citizens seen per slot.
    pub capacity: i64,
}

/// A booked appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// Row id.
    pub id: i64,
    /// The application it is for.
    pub application_id: i64,
    /// Which in-person step of the service (index into its list).
    pub step: i64,
    /// The office.
    pub office: Office,
    /// Slot start, Unix seconds.
    pub starts_at: i64,
    /// When it was booked.
    pub booked_at: i64,
}

/// A booking (or a move of the application's booking for that step to another slot).
#[derive(Debug, Clone)]
pub struct Booking {
    /// The application.
    pub application_id: i64,
    /// The in-person step.
    pub step: i64,
    /// The office (already checked to be the service's agency's).
    pub office_code: String,
    /// Slot start (already checked to be on the grid and far enough ahead).
    pub starts_at: i64,
    /// Unix seconds.
    pub now: i64,
    /// The confirmation to queue with it.
    pub notice: NewNotice,
}

/// Why a booking was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingRefusal {
    /// Every place in the slot is taken.
    Full,
    /// The office does not exist (any more).
    NoOffice,
    /// The office is closed that day.
    Closed,
}

/// Storage for offices and appointments.
#[async_trait]
pub trait AppointmentStore: Send + Sync {
    /// Adds offices that do not exist yet (by code); returns how many were added.
    async fn add_offices(&self, offices: &[Office]) -> Result<usize, StoreError>;
    /// The agency's offices, by town.
    async fn offices_of_agency(&self, agency_code: &str) -> Result<Vec<Office>, StoreError>;
    /// Places taken per slot start at an office in `[from, to)`.
    async fn slot_bookings(&self, office_code: &str, from: i64, to: i64) -> Result<Vec<(i64, i64)>, StoreError>;
    /// Books the slot, or moves the application's booking for the step to it, in one
    /// transaction (the old place is freed only if the new one is taken).
    async fn book(&self, b: &Booking) -> Result<Result<i64, BookingRefusal>, StoreError>;
    /// Cancels the application's booking for the step; whether there was one.
    async fn cancel_appointment(&self, application_id: i64, step: i64, now: i64) -> Result<bool, StoreError>;
    /// Queues a reminder for every live booking starting after `now` and by `until` that has
    /// none yet (one statement, so servers running it at once queue each reminder once);
    /// returns how many were queued.
    async fn queue_reminders(&self, now: i64, until: i64) -> Result<u64, StoreError>;
    /// The application's booked appointments.
    async fn appointments_of(&self, application_id: i64) -> Result<Vec<Appointment>, StoreError>;
}
