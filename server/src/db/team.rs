//! The team half of the store contract (agencies' staff, the agencies overview and their API
//! keys), written once for both backends.

/// Implements [`app::staff::team::TeamStore`] for a store type with `pool` and `writer`
/// fields; `$lock` is the row-lock clause that serialises changes to one agency's staff
/// (`FOR UPDATE` on PostgreSQL; empty on SQLite, whose single writer serialises them already).
macro_rules! impl_team_store {
    ($store:ty, $db:ty, $lock:literal) => {
        #[async_trait::async_trait]
        impl app::staff::team::TeamStore for $store {
            async fn staff_of(
                &self,
                agency_code: &str,
                limit: u32,
            ) -> Result<Vec<app::staff::team::StaffMember>, app::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT account_id, first_name, other_names, document_number, role, phone FROM accounts \
                     WHERE agency_code = $1 \
                     ORDER BY CASE role WHEN 'agency_admin' THEN 0 ELSE 1 END, first_name, other_names, account_id \
                     LIMIT $2",
                )
                .bind(agency_code)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                rows.iter().map(team_rows::member).collect()
            }

            async fn change_staff(
                &self,
                c: &app::staff::team::StaffChange,
            ) -> Result<app::staff::team::StaffOutcome, app::store::StoreError> {
                use crate::db::map_err;
                use app::accounts::model::Role;
                use app::staff::team::StaffOutcome;
                // Only staff roles are given here, and removal makes a plain citizen: never a
                // platform admin or an agent.
                for r in [c.from, c.to] {
                    if r != Role::Citizen && !r.is_agency_staff() {
                        return Err(app::store::StoreError::Other(format!("{} is not a staff role", r.code())));
                    }
                }
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                // Every change to one agency's staff takes this lock first, so the admin count
                // below cannot change under us.
                let agency: Option<String> =
                    sqlx::query_scalar(concat!("SELECT code FROM agencies WHERE code = $1 ", $lock))
                        .bind(&c.agency_code)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                if agency.is_none() {
                    return Ok(StaffOutcome::Stale);
                }
                let other_admins: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM accounts WHERE agency_code = $1 AND role = 'agency_admin' \
                     AND account_id <> $2",
                )
                .bind(&c.agency_code)
                .bind(c.account_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                if !app::staff::team::keeps_an_admin(c.from, c.to, other_admins) {
                    return Ok(StaffOutcome::LastAdmin);
                }
                // Compare-and-set on the role and agency the change was decided against.
                let to_agency = c.to.is_agency_staff().then_some(c.agency_code.as_str());
                let update = if c.from.is_agency_staff() {
                    sqlx::query(
                        "UPDATE accounts SET role = $2, agency_code = $3 WHERE account_id = $1 AND role = $4 \
                         AND agency_code = $5",
                    )
                    .bind(c.account_id)
                    .bind(c.to.code())
                    .bind(to_agency)
                    .bind(c.from.code())
                    .bind(&c.agency_code)
                } else {
                    sqlx::query(
                        "UPDATE accounts SET role = $2, agency_code = $3 WHERE account_id = $1 AND role = $4 \
                         AND agency_code IS NULL",
                    )
                    .bind(c.account_id)
                    .bind(c.to.code())
                    .bind(to_agency)
                    .bind(c.from.code())
                };
                if update.execute(&mut *tx).await.map_err(map_err)?.rows_affected() != 1 {
                    return Ok(StaffOutcome::Stale);
                }
                // Sessions remember how they were signed in (cookie strictness, timeouts by
                // role): the person signs in again under the new role.
                let sessions_ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(c.account_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                tx.commit().await.map_err(map_err)?;
                Ok(StaffOutcome::Done { sessions_ended })
            }

            async fn agency_summary(
                &self,
                code: &str,
            ) -> Result<Option<app::staff::team::AgencySummary>, app::store::StoreError> {
                let row = sqlx::query(&format!("{} WHERE g.code = $1", crate::db::team::SELECT))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                row.as_ref().map(team_rows::agency).transpose()
            }

            async fn agencies_page(
                &self,
                query: &str,
                offset: u32,
                limit: u32,
            ) -> Result<(u64, Vec<app::staff::team::AgencySummary>), app::store::StoreError> {
                use crate::db::map_err;
                let filter = if query.is_empty() {
                    ""
                } else {
                    " WHERE lower(g.code) LIKE $1 ESCAPE '\\' OR lower(g.name_en) LIKE $1 ESCAPE '\\' \
                     OR lower(g.name_sw) LIKE $1 ESCAPE '\\'"
                };
                let pattern = format!(
                    "%{}%",
                    query.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
                );
                let count_sql = format!("SELECT COUNT(*) FROM agencies g{filter}");
                let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
                if !query.is_empty() {
                    count = count.bind(&pattern);
                }
                let total = count.fetch_one(&self.pool).await.map_err(map_err)?;
                let (l, o) = if query.is_empty() { ("$1", "$2") } else { ("$2", "$3") };
                let page_sql = format!(
                    "{}{filter} ORDER BY g.name_en, g.code LIMIT {l} OFFSET {o}",
                    crate::db::team::SELECT
                );
                let mut page = sqlx::query(&page_sql);
                if !query.is_empty() {
                    page = page.bind(&pattern);
                }
                let rows = page
                    .bind(i64::from(limit))
                    .bind(i64::from(offset))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                let agencies = rows.iter().map(team_rows::agency).collect::<Result<Vec<_>, _>>()?;
                Ok((u64::try_from(total).unwrap_or(0), agencies))
            }

            async fn api_keys_of(
                &self,
                agency_code: &str,
            ) -> Result<Vec<app::staff::team::ApiKeyInfo>, app::store::StoreError> {
                use sqlx::Row;
                let m = crate::db::map_err;
                let rows = sqlx::query(
                    "SELECT key_id, prefix, label, webhook_url, created_at, revoked_at FROM api_keys \
                     WHERE agency_code = $1 ORDER BY created_at DESC, key_id DESC LIMIT 500",
                )
                .bind(agency_code)
                .fetch_all(&self.pool)
                .await
                .map_err(m)?;
                rows.iter()
                    .map(|r| {
                        Ok(app::staff::team::ApiKeyInfo {
                            id: r.try_get("key_id").map_err(m)?,
                            prefix: r.try_get("prefix").map_err(m)?,
                            label: r.try_get("label").map_err(m)?,
                            webhook_url: r.try_get("webhook_url").map_err(m)?,
                            created_at: r.try_get("created_at").map_err(m)?,
                            revoked_at: r.try_get("revoked_at").map_err(m)?,
                        })
                    })
                    .collect()
            }

            async fn revoke_api_key(
                &self,
                agency_code: &str,
                key_id: i64,
                now: i64,
            ) -> Result<bool, app::store::StoreError> {
                // The API looks keys up on every request, so a revoked key fails on the next one.
                let n = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $3 WHERE key_id = $1 AND agency_code = $2 AND revoked_at IS NULL",
                )
                .bind(key_id)
                .bind(agency_code)
                .bind(now)
                .execute(&self.writer)
                .await
                .map_err(crate::db::map_err)?
                .rows_affected();
                Ok(n == 1)
            }
        }

        /// Reading team rows.
        mod team_rows {
            use app::accounts::model::Role;
            use app::catalogue::model::{AgencyKind, Localized};
            use app::contact::PhoneNumber;
            use app::staff::team::{AgencySummary, StaffMember};
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn member(r: &<$db as sqlx::Database>::Row) -> Result<StaffMember, StoreError> {
                let m = crate::db::map_err;
                let role: String = r.try_get("role").map_err(m)?;
                let phone: String = r.try_get("phone").map_err(m)?;
                let first: Option<String> = r.try_get("first_name").map_err(m)?;
                let other: Option<String> = r.try_get("other_names").map_err(m)?;
                Ok(StaffMember {
                    id: r.try_get("account_id").map_err(m)?,
                    name: crate::db::person_name(first, other).unwrap_or_default(),
                    document_number: r.try_get("document_number").map_err(m)?,
                    role: Role::from_code(&role).ok_or_else(|| crate::db::accounts::bad("role", &role))?,
                    phone: PhoneNumber::parse(&phone).map_err(|_| crate::db::accounts::bad("phone", &phone))?,
                })
            }

            pub(super) fn agency(r: &<$db as sqlx::Database>::Row) -> Result<AgencySummary, StoreError> {
                let m = crate::db::map_err;
                let kind: String = r.try_get("kind").map_err(m)?;
                Ok(AgencySummary {
                    code: r.try_get("code").map_err(m)?,
                    kind: AgencyKind::parse(&kind).ok_or_else(|| crate::db::accounts::bad("agency kind", &kind))?,
                    name: Localized::new(
                        r.try_get::<String, _>("name_en").map_err(m)?,
                        r.try_get::<String, _>("name_sw").map_err(m)?,
                    ),
                    staff: r.try_get("staff").map_err(m)?,
                    active_keys: r.try_get("active_keys").map_err(m)?,
                })
            }
        }
    };
}

/// What every agency-summary query selects (`g`, with its staff and live-key counts; both
/// counts use the indexes of migration 0022).
pub(crate) const SELECT: &str = "SELECT g.code, g.kind, g.name_en, g.name_sw, \
     (SELECT COUNT(*) FROM accounts a WHERE a.agency_code = g.code) AS staff, \
     (SELECT COUNT(*) FROM api_keys k WHERE k.agency_code = g.code AND k.revoked_at IS NULL) AS active_keys \
     FROM agencies g";
