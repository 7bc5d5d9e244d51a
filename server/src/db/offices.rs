//! The office-administration half of the store contract, written once for both backends.
//!
//! A change that could strand a citizen (a lower capacity, a closed day) first writes the
//! office's row, which on PostgreSQL locks it against bookings (a booking reads the office
//! `FOR SHARE`, see `impl_appointment_store`) and on SQLite takes the one write lock; only then
//! does it count the bookings, so no booking slips in between the check and the change.

/// Implements [`app::staff::offices::OfficeStore`] for a store type with `pool` and `writer`
/// fields.
macro_rules! impl_office_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::staff::offices::OfficeStore for $store {
            async fn office_bookings(
                &self,
                agency_code: &str,
                from: i64,
                to: i64,
            ) -> Result<Vec<(String, i64)>, app::store::StoreError> {
                sqlx::query_as(
                    "SELECT s.office_code, CAST(SUM(s.booked) AS BIGINT) FROM appointment_slots s \
                     JOIN offices o ON o.office_code = s.office_code \
                     WHERE o.agency_code = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.booked > 0 \
                     GROUP BY s.office_code",
                )
                .bind(agency_code)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }

            async fn update_office(
                &self,
                u: &app::staff::offices::OfficeUpdate,
            ) -> Result<Result<(), app::staff::offices::OfficeRefusal>, app::store::StoreError> {
                use crate::db::map_err;
                use app::staff::offices::{OfficeRefusal, first_overbooked};
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let changed = sqlx::query(
                    "UPDATE offices SET name = $3, town = $4, address = $5, capacity = $6 \
                     WHERE office_code = $1 AND agency_code = $2",
                )
                .bind(&u.office_code)
                .bind(&u.agency_code)
                .bind(&u.details.name)
                .bind(&u.details.town)
                .bind(&u.details.address)
                .bind(u.details.capacity)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if changed == 0 {
                    return Ok(Err(OfficeRefusal::NoOffice));
                }
                let over: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT starts_at, booked FROM appointment_slots \
                     WHERE office_code = $1 AND starts_at >= $2 AND booked > $3 ORDER BY starts_at LIMIT 1",
                )
                .bind(&u.office_code)
                .bind(u.now)
                .bind(u.details.capacity)
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                if let Some((starts_at, booked)) = first_overbooked(&over, u.details.capacity) {
                    // Dropping the transaction rolls the change back.
                    return Ok(Err(OfficeRefusal::Overbooked { starts_at, booked }));
                }
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(()))
            }

            async fn close_office_day(
                &self,
                c: &app::staff::offices::NewClosure,
            ) -> Result<Result<(), app::staff::offices::OfficeRefusal>, app::store::StoreError> {
                use crate::db::map_err;
                use app::staff::offices::OfficeRefusal;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let held =
                    sqlx::query("UPDATE offices SET capacity = capacity WHERE office_code = $1 AND agency_code = $2")
                        .bind(&c.office_code)
                        .bind(&c.agency_code)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?
                        .rows_affected();
                if held == 0 {
                    return Ok(Err(OfficeRefusal::NoOffice));
                }
                let bookings: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) FROM appointment_slots \
                     WHERE office_code = $1 AND starts_at >= $2 AND starts_at < $3",
                )
                .bind(&c.office_code)
                .bind(c.day_start)
                .bind(c.day_start + 86_400)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                if bookings > 0 {
                    return Ok(Err(OfficeRefusal::DayBooked { bookings }));
                }
                let added = sqlx::query(
                    "INSERT INTO office_closures (office_code, day, reason, closed_by, closed_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office_code, day) DO NOTHING",
                )
                .bind(&c.office_code)
                .bind(&c.day)
                .bind(&c.reason)
                .bind(c.closed_by)
                .bind(c.now)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if added == 0 {
                    return Ok(Err(OfficeRefusal::AlreadyClosed));
                }
                tx.commit().await.map_err(map_err)?;
                Ok(Ok(()))
            }

            async fn reopen_office_day(
                &self,
                agency_code: &str,
                office_code: &str,
                day: &str,
            ) -> Result<bool, app::store::StoreError> {
                let n = sqlx::query(
                    "DELETE FROM office_closures WHERE office_code = $1 AND day = $2 \
                     AND office_code IN (SELECT office_code FROM offices WHERE agency_code = $3)",
                )
                .bind(office_code)
                .bind(day)
                .bind(agency_code)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }

            async fn agency_closures(
                &self,
                agency_code: &str,
                from: &str,
            ) -> Result<Vec<app::staff::offices::Closure>, app::store::StoreError> {
                use sqlx::Row;
                let m = crate::db::map_err;
                let rows = sqlx::query(
                    "SELECT c.office_code, c.day, c.reason, a.first_name, a.other_names FROM office_closures c \
                     JOIN offices o ON o.office_code = c.office_code \
                     LEFT JOIN accounts a ON a.account_id = c.closed_by \
                     WHERE o.agency_code = $1 AND c.day >= $2 ORDER BY c.day, c.office_code",
                )
                .bind(agency_code)
                .bind(from)
                .fetch_all(&self.pool)
                .await
                .map_err(m)?;
                rows.iter()
                    .map(|r| {
                        Ok(app::staff::offices::Closure {
                            office_code: r.try_get("office_code").map_err(m)?,
                            day: r.try_get("day").map_err(m)?,
                            reason: r.try_get("reason").map_err(m)?,
                            closed_by_name: crate::db::person_name(
                                r.try_get("first_name").map_err(m)?,
                                r.try_get("other_names").map_err(m)?,
                            )
                            .unwrap_or_default(),
                        })
                    })
                    .collect()
            }

            async fn closed_days(
                &self,
                office_code: &str,
                from: &str,
                to: &str,
            ) -> Result<Vec<String>, app::store::StoreError> {
                sqlx::query_scalar(
                    "SELECT day FROM office_closures WHERE office_code = $1 AND day >= $2 AND day <= $3 ORDER BY day",
                )
                .bind(office_code)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)
            }
        }
    };
}
