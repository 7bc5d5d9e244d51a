//! The appointments half of the store contract, written once for both backends.
//!
//! A booking first locks its application's row (so two presses for one application queue up),
//! then takes a place with `UPDATE … SET booked = booked + 1 WHERE booked < capacity`: of two
//! citizens racing for the last place, the second's update matches no row.

/// Columns every appointment query selects (`a.` appointment, `o.` office).
pub(crate) const APPOINTMENT_COLUMNS: &str = "a.appointment_id, a.application_id, a.step, a.starts_at, a.booked_at, \
     o.office_code, o.agency_code, o.name, o.town, o.address, o.capacity";

/// Implements [`app::appointments::ports::AppointmentStore`] for a store type with `pool` and
/// `writer` fields.
macro_rules! impl_appointment_store {
    ($store:ty, $db:ty) => {
        /// Row decoding for this backend.
        mod appointment_rows {
            use app::appointments::ports::{Appointment, Office};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn office(r: &<$db as sqlx::Database>::Row) -> Result<Office, StoreError> {
                let m = crate::db::map_err;
                Ok(Office {
                    code: r.try_get("office_code").map_err(m)?,
                    agency_code: r.try_get("agency_code").map_err(m)?,
                    name: r.try_get("name").map_err(m)?,
                    town: r.try_get("town").map_err(m)?,
                    address: r.try_get("address").map_err(m)?,
                    capacity: r.try_get("capacity").map_err(m)?,
                })
            }

            /// Ends the application's live booking for `step` (as `moved` or `cancelled`) and gives
            /// its place back; whether there was one.
            pub(super) async fn end_live(
                conn: &mut <$db as sqlx::Database>::Connection,
                application_id: i64,
                step: i64,
                status: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                let m = crate::db::map_err;
                let live = sqlx::query(
                    "SELECT appointment_id, office_code, starts_at FROM appointments \
                     WHERE application_id = $1 AND step = $2 AND status = 'booked'",
                )
                .bind(application_id)
                .bind(step)
                .fetch_optional(&mut *conn)
                .await
                .map_err(m)?;
                let Some(live) = live else { return Ok(false) };
                let id: i64 = live.try_get("appointment_id").map_err(m)?;
                let office: String = live.try_get("office_code").map_err(m)?;
                let at: i64 = live.try_get("starts_at").map_err(m)?;
                sqlx::query("UPDATE appointments SET status = $2, ended_at = $3 WHERE appointment_id = $1")
                    .bind(id)
                    .bind(status)
                    .bind(now)
                    .execute(&mut *conn)
                    .await
                    .map_err(m)?;
                sqlx::query(
                    "UPDATE appointment_slots SET booked = booked - 1 WHERE office_code = $1 AND starts_at = $2",
                )
                .bind(&office)
                .bind(at)
                .execute(&mut *conn)
                .await
                .map_err(m)?;
                Ok(true)
            }

            pub(super) fn appointment(r: &<$db as sqlx::Database>::Row) -> Result<Appointment, StoreError> {
                let m = crate::db::map_err;
                Ok(Appointment {
                    id: r.try_get("appointment_id").map_err(m)?,
                    application_id: r.try_get("application_id").map_err(m)?,
                    step: r.try_get("step").map_err(m)?,
                    office: office(r)?,
                    starts_at: r.try_get("starts_at").map_err(m)?,
                    booked_at: r.try_get("booked_at").map_err(m)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl app::appointments::ports::AppointmentStore for $store {
            async fn add_offices(
                &self,
                offices: &[app::appointments::ports::Office],
            ) -> Result<usize, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let mut added = 0;
                for o in offices {
                    added += sqlx::query(
                        "INSERT INTO offices (office_code, agency_code, name, town, address, capacity) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (office_code) DO NOTHING",
                    )
                    .bind(&o.code)
                    .bind(&o.agency_code)
                    .bind(&o.name)
                    .bind(&o.town)
                    .bind(&o.address)
                    .bind(o.capacity)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected() as usize;
                }
                tx.commit().await.map_err(map_err)?;
                Ok(added)
            }

            async fn offices_of_agency(
                &self,
                agency_code: &str,
            ) -> Result<Vec<app::appointments::ports::Office>, app::store::StoreError> {
                sqlx::query(
                    "SELECT office_code, agency_code, name, town, address, capacity FROM offices \
                     WHERE agency_code = $1 ORDER BY town, name",
                )
                .bind(agency_code)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(appointment_rows::office)
                .collect()
            }

            async fn slot_bookings(
                &self,
                office_code: &str,
                from: i64,
                to: i64,
            ) -> Result<Vec<(i64, i64)>, app::store::StoreError> {
                sqlx::query_as(
                    "SELECT starts_at, booked FROM appointment_slots WHERE office_code = $1 AND starts_at >= $2 \
                     AND starts_at < $3 ORDER BY starts_at",
                )
                .bind(office_code)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }

            async fn book(
                &self,
                b: &app::appointments::ports::Booking,
            ) -> Result<Result<i64, app::appointments::ports::BookingRefusal>, app::store::StoreError> {
                use crate::db::map_err;
                use app::appointments::ports::BookingRefusal;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                sqlx::query("UPDATE applications SET version = version WHERE application_id = $1")
                    .bind(b.application_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                // PostgreSQL: a share lock, so a capacity change or a closure (which write the
                // office's row first) waits for this booking, and this booking for them.
                let share = if <$db as sqlx::Database>::NAME == "PostgreSQL" { " FOR SHARE" } else { "" };
                let capacity: Option<i64> =
                    sqlx::query_scalar(&format!("SELECT capacity FROM offices WHERE office_code = $1{share}"))
                        .bind(&b.office_code)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                let Some(capacity) = capacity else { return Ok(Err(BookingRefusal::NoOffice)) };
                let day = app::applications::calendar::Date::from_unix_eat(b.starts_at).iso();
                let closed: Option<String> =
                    sqlx::query_scalar("SELECT day FROM office_closures WHERE office_code = $1 AND day = $2")
                        .bind(&b.office_code)
                        .bind(&day)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                if closed.is_some() {
                    return Ok(Err(BookingRefusal::Closed));
                }
                sqlx::query(
                    "INSERT INTO appointment_slots (office_code, starts_at) VALUES ($1, $2) \
                     ON CONFLICT (office_code, starts_at) DO NOTHING",
                )
                .bind(&b.office_code)
                .bind(b.starts_at)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                let took = sqlx::query(
                    "UPDATE appointment_slots SET booked = booked + 1 \
                     WHERE office_code = $1 AND starts_at = $2 AND booked < $3",
                )
                .bind(&b.office_code)
                .bind(b.starts_at)
                .bind(capacity)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if took != 1 {
                    return Ok(Err(BookingRefusal::Full));
                }
                // A move: the old place is given back in the same transaction.
                appointment_rows::end_live(&mut tx, b.application_id, b.step, "moved", b.now).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO appointments (application_id, step, office_code, starts_at, booked_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING appointment_id",
                )
                .bind(b.application_id)
                .bind(b.step)
                .bind(&b.office_code)
                .bind(b.starts_at)
                .bind(b.now)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                notice_rows::enqueue(&mut *tx, &b.notice, b.now).await?;
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(id))
            }

            async fn cancel_appointment(
                &self,
                application_id: i64,
                step: i64,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                sqlx::query("UPDATE applications SET version = version WHERE application_id = $1")
                    .bind(application_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if !appointment_rows::end_live(&mut tx, application_id, step, "cancelled", now).await? {
                    return Ok(false);
                }
                tx.commit().await.map_err(map_err)?;
                Ok(true)
            }

            async fn queue_reminders(&self, now: i64, until: i64) -> Result<u64, app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO notifications (dedupe_key, kind, subject, citizen_id, phone, next_attempt_at, created_at) \
                     SELECT 'reminder:' || a.appointment_id, 'appointment_reminder', \
                            ap.reference || ':' || a.step, ap.citizen_id, NULL, $1, $1 \
                     FROM appointments a JOIN applications ap ON ap.application_id = a.application_id \
                     WHERE a.status = 'booked' AND a.starts_at > $1 AND a.starts_at <= $2 \
                     ON CONFLICT (dedupe_key) DO NOTHING",
                )
                .bind(now)
                .bind(until)
                .execute(&self.writer)
                .await
                .map(|r| r.rows_affected())
                .map_err(crate::db::map_err)
            }

            async fn appointments_of(
                &self,
                application_id: i64,
            ) -> Result<Vec<app::appointments::ports::Appointment>, app::store::StoreError> {
                use crate::db::appointments::APPOINTMENT_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN offices o ON o.office_code = a.office_code \
                     WHERE a.application_id = $1 AND a.status = 'booked' ORDER BY a.step"
                ))
                .bind(application_id)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(appointment_rows::appointment)
                .collect()
            }
        }
    };
}
