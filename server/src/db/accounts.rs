//! The accounts half of the store contract, written once for both backends.

use app::store::StoreError;

/// Columns every account query selects.
pub(crate) const ACCOUNT_COLUMNS: &str = "account_id, account_type, role, agency_code, document_kind, document_number, \
     first_name, other_names, year_of_birth, phone, email, password_hash, failed_attempts, locked_until, created_at, language";

/// Columns every session query selects.
pub(crate) const SESSION_COLUMNS: &str = "token_hash, public_id, account_id, stage, data, created_at, last_seen_at, \
     expires_at, authenticated_at, user_agent, client_ip";

/// Columns every challenge query selects.
pub(crate) const CHALLENGE_COLUMNS: &str = "challenge_id, session_hash, account_id, purpose, channel, destination, \
     code_hash, client_ip, created_at, expires_at, attempts, consumed_at";

pub(crate) fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("stored {what} {value:?} is not valid"))
}

/// Implements [`app::accounts::ports::AccountStore`] for a store type with a `pool` field.
macro_rules! impl_account_store {
    ($store:ty, $db:ty) => {
        /// Row decoding for this backend (types named in full: the macro expands in another module).
        mod account_rows {
            use app::accounts::identity::DocumentKind;
            use app::accounts::model::{AccountType, Role};
            use app::accounts::otp::{Challenge, Channel, Purpose};
            use app::accounts::ports::{Account, AuditEvent, Consent, DataAccess, SessionRecord, Stage, StoredChallenge};
            use app::contact::{EmailAddress, PhoneNumber};
            use app::store::StoreError;
            use sqlx::Row;

        pub(super) fn account_from_row(r: &<$db as sqlx::Database>::Row) -> Result<Account, StoreError> {
            let get_s = |c: &str| r.try_get::<String, _>(c).map_err(crate::db::map_err);
            let get_i = |c: &str| r.try_get::<i64, _>(c).map_err(crate::db::map_err);
            let get_o = |c: &str| r.try_get::<Option<String>, _>(c).map_err(crate::db::map_err);
            let t = get_s("account_type")?;
            let role = get_s("role")?;
            let kind = get_s("document_kind")?;
            let phone = get_s("phone")?;
            let email = get_o("email")?;
            Ok(Account {
                id: get_i("account_id")?,
                account_type: AccountType::from_code(&t).ok_or_else(|| crate::db::accounts::bad("account type", &t))?,
                role: Role::from_code(&role).ok_or_else(|| crate::db::accounts::bad("role", &role))?,
                agency: get_o("agency_code")?,
                document_kind: DocumentKind::from_code(&kind).ok_or_else(|| crate::db::accounts::bad("document kind", &kind))?,
                document_number: get_s("document_number")?,
                first_name: get_s("first_name")?,
                other_names: get_s("other_names")?,
                year_of_birth: u16::try_from(get_i("year_of_birth")?).map_err(|_| crate::db::accounts::bad("year of birth", "?"))?,
                phone: PhoneNumber::parse(&phone).map_err(|_| crate::db::accounts::bad("phone", &phone))?,
                email: match email {
                    Some(e) => Some(EmailAddress::parse(&e).map_err(|_| crate::db::accounts::bad("email", &e))?),
                    None => None,
                },
                password_hash: get_s("password_hash")?,
                failed_attempts: u32::try_from(get_i("failed_attempts")?).unwrap_or(u32::MAX),
                locked_until: get_i("locked_until")?,
                language: app::i18n::Lang::parse(&get_s("language")?).unwrap_or_default(),
                created_at: get_i("created_at")?,
            })
        }

        pub(super) fn session_from_row(r: &<$db as sqlx::Database>::Row) -> Result<SessionRecord, StoreError> {
            let get_s = |c: &str| r.try_get::<String, _>(c).map_err(crate::db::map_err);
            let get_i = |c: &str| r.try_get::<i64, _>(c).map_err(crate::db::map_err);
            let get_oi = |c: &str| r.try_get::<Option<i64>, _>(c).map_err(crate::db::map_err);
            let stage = get_s("stage")?;
            Ok(SessionRecord {
                token_hash: get_s("token_hash")?,
                public_id: get_s("public_id")?,
                account_id: get_oi("account_id")?,
                stage: Stage::from_code(&stage).ok_or_else(|| crate::db::accounts::bad("session stage", &stage))?,
                data: get_s("data")?,
                created_at: get_i("created_at")?,
                last_seen_at: get_i("last_seen_at")?,
                expires_at: get_i("expires_at")?,
                authenticated_at: get_oi("authenticated_at")?,
                user_agent: get_s("user_agent")?,
                client_ip: get_s("client_ip")?,
            })
        }

        pub(super) fn challenge_from_row(r: &<$db as sqlx::Database>::Row) -> Result<StoredChallenge, StoreError> {
            let get_s = |c: &str| r.try_get::<String, _>(c).map_err(crate::db::map_err);
            let get_i = |c: &str| r.try_get::<i64, _>(c).map_err(crate::db::map_err);
            let get_oi = |c: &str| r.try_get::<Option<i64>, _>(c).map_err(crate::db::map_err);
            let purpose = get_s("purpose")?;
            let channel = get_s("channel")?;
            Ok(StoredChallenge {
                challenge: Challenge {
                    id: get_s("challenge_id")?,
                    purpose: Purpose::from_code(&purpose).ok_or_else(|| crate::db::accounts::bad("purpose", &purpose))?,
                    session: get_s("session_hash")?,
                    code_hash: get_s("code_hash")?,
                    expires_at: get_i("expires_at")?,
                    attempts: u32::try_from(get_i("attempts")?).unwrap_or(u32::MAX),
                    consumed: get_oi("consumed_at")?.is_some(),
                },
                account_id: get_oi("account_id")?,
                channel: Channel::from_code(&channel).ok_or_else(|| crate::db::accounts::bad("channel", &channel))?,
                destination: get_s("destination")?,
                client_ip: get_s("client_ip")?,
                created_at: get_i("created_at")?,
            })
        }

        pub(super) fn event_from_row(r: &<$db as sqlx::Database>::Row) -> Result<AuditEvent, StoreError> {
            Ok(AuditEvent {
                at: r.try_get("at").map_err(crate::db::map_err)?,
                kind: r.try_get("kind").map_err(crate::db::map_err)?,
                account_id: r.try_get("account_id").map_err(crate::db::map_err)?,
                actor_id: r.try_get("actor_id").map_err(crate::db::map_err)?,
                client_ip: r.try_get("client_ip").map_err(crate::db::map_err)?,
                detail: r.try_get("detail").map_err(crate::db::map_err)?,
            })
        }

        pub(super) fn access_from_row(r: &<$db as sqlx::Database>::Row) -> Result<DataAccess, StoreError> {
            let role: String = r.try_get("viewer_role").map_err(crate::db::map_err)?;
            Ok(DataAccess {
                at: r.try_get("at").map_err(crate::db::map_err)?,
                citizen_id: r.try_get("citizen_id").map_err(crate::db::map_err)?,
                viewer_id: r.try_get("viewer_id").map_err(crate::db::map_err)?,
                viewer_name: r.try_get("viewer_name").map_err(crate::db::map_err)?,
                viewer_role: Role::from_code(&role).ok_or_else(|| crate::db::accounts::bad("role", &role))?,
                agency: r.try_get("agency_code").map_err(crate::db::map_err)?,
                what: r.try_get("what").map_err(crate::db::map_err)?,
            })
        }

        pub(super) fn consent_from_row(r: &<$db as sqlx::Database>::Row) -> Result<Consent, StoreError> {
            Ok(Consent {
                account_id: r.try_get("account_id").map_err(crate::db::map_err)?,
                purpose: r.try_get("purpose").map_err(crate::db::map_err)?,
                version: r.try_get("version").map_err(crate::db::map_err)?,
                granted_at: r.try_get("granted_at").map_err(crate::db::map_err)?,
                withdrawn_at: r.try_get("withdrawn_at").map_err(crate::db::map_err)?,
            })
        }

        }

        #[async_trait::async_trait]
        impl app::accounts::ports::AccountStore for $store {
            async fn create_account(
                &self,
                a: &app::accounts::ports::NewAccount,
                consent: &app::accounts::ports::Consent,
            ) -> Result<i64, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO accounts (account_type, role, agency_code, document_kind, document_number, \
                     first_name, other_names, year_of_birth, phone, email, password_hash, created_at, language) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING account_id",
                )
                .bind(a.account_type.code())
                .bind(a.role.code())
                .bind(a.agency.as_deref())
                .bind(a.document_kind.code())
                .bind(&a.document_number)
                .bind(&a.first_name)
                .bind(&a.other_names)
                .bind(i64::from(a.year_of_birth))
                .bind(a.phone.as_str())
                .bind(a.email.as_ref().map(|e| e.as_str()))
                .bind(&a.password_hash)
                .bind(a.created_at)
                .bind(a.language.tag())
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                sqlx::query(
                    "INSERT INTO consents (account_id, purpose, version, granted_at, withdrawn_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(&consent.purpose)
                .bind(&consent.version)
                .bind(consent.granted_at)
                .bind(consent.withdrawn_at)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(id)
            }

            async fn find_account(
                &self,
                key: app::accounts::ports::AccountKey<'_>,
            ) -> Result<Option<app::accounts::ports::Account>, app::store::StoreError> {
                use crate::db::hot;
                use crate::db::map_err;
                use app::accounts::ports::AccountKey;
                let row = match key {
                    AccountKey::Id(id) => {
                        sqlx::query(&hot::account_by_id()).bind(id).fetch_optional(&self.pool).await
                    }
                    AccountKey::Document(kind, number) => {
                        sqlx::query(&hot::account_by_document())
                        .bind(kind.code())
                        .bind(number)
                        .fetch_optional(&self.pool)
                        .await
                    }
                    AccountKey::LoginName(name) => {
                        let name = name.trim();
                        if name.contains('@') {
                            sqlx::query(&hot::account_by_email())
                            .bind(name)
                            .fetch_optional(&self.pool)
                            .await
                        } else {
                            // A number could be of several document kinds (see the query).
                            let number: String =
                                name.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
                            sqlx::query(&hot::account_by_login_number())
                            .bind(number)
                            .fetch_optional(&self.pool)
                            .await
                        }
                    }
                }
                .map_err(map_err)?;
                row.as_ref().map(account_rows::account_from_row).transpose()
            }

            async fn note_failure(&self, account_id: i64, now: i64) -> Result<u32, app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let failures: i64 = sqlx::query_scalar(
                    "UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE account_id = $1 \
                     RETURNING failed_attempts",
                )
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(map_err)?;
                let failures = u32::try_from(failures).unwrap_or(u32::MAX);
                let wait = app::accounts::throttle::lockout_wait_secs(failures);
                sqlx::query("UPDATE accounts SET locked_until = $2 WHERE account_id = $1")
                    .bind(account_id)
                    .bind(now + wait)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(failures)
            }

            async fn clear_failures(&self, account_id: i64) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE accounts SET failed_attempts = 0, locked_until = 0 WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&self.writer)
                    .await
                    .map(|_| ())
                    .map_err(crate::db::map_err)
            }

            async fn set_password(&self, account_id: i64, hash: &str) -> Result<(), app::store::StoreError> {
                crate::db::expect_one(
                    sqlx::query("UPDATE accounts SET password_hash = $2 WHERE account_id = $1")
                        .bind(account_id)
                        .bind(hash)
                        .execute(&self.writer)
                        .await
                        .map_err(crate::db::map_err)?
                        .rows_affected(),
                )
            }

            async fn set_phone(
                &self,
                account_id: i64,
                phone: &app::contact::PhoneNumber,
            ) -> Result<(), app::store::StoreError> {
                crate::db::expect_one(
                    sqlx::query("UPDATE accounts SET phone = $2 WHERE account_id = $1")
                        .bind(account_id)
                        .bind(phone.as_str())
                        .execute(&self.writer)
                        .await
                        .map_err(crate::db::map_err)?
                        .rows_affected(),
                )
            }

            async fn set_email(
                &self,
                account_id: i64,
                email: &app::contact::EmailAddress,
            ) -> Result<(), app::store::StoreError> {
                crate::db::expect_one(
                    sqlx::query("UPDATE accounts SET email = $2 WHERE account_id = $1")
                        .bind(account_id)
                        .bind(email.as_str())
                        .execute(&self.writer)
                        .await
                        .map_err(crate::db::map_err)?
                        .rows_affected(),
                )
            }

            async fn set_language(&self, account_id: i64, language: app::i18n::Lang) -> Result<(), app::store::StoreError> {
                crate::db::expect_one(
                    sqlx::query("UPDATE accounts SET language = $2 WHERE account_id = $1")
                        .bind(account_id)
                        .bind(language.tag())
                        .execute(&self.writer)
                        .await
                        .map_err(crate::db::map_err)?
                        .rows_affected(),
                )
            }

            async fn insert_session(
                &self,
                s: &app::accounts::ports::SessionRecord,
            ) -> Result<(), app::store::StoreError> {
                insert_session_in(&self.writer, s).await
            }

            async fn session(
                &self,
                token_hash: &str,
            ) -> Result<Option<app::accounts::ports::SessionRecord>, app::store::StoreError> {
                let row = sqlx::query(&crate::db::hot::session_by_token())
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::db::map_err)?;
                row.as_ref().map(account_rows::session_from_row).transpose()
            }

            async fn update_session(
                &self,
                s: &app::accounts::ports::SessionRecord,
            ) -> Result<(), app::store::StoreError> {
                crate::db::expect_one(
                    sqlx::query(crate::db::hot::SESSION_UPDATE)
                    .bind(&s.token_hash)
                    .bind(s.account_id)
                    .bind(s.stage.code())
                    .bind(&s.data)
                    .bind(s.last_seen_at)
                    .bind(s.expires_at)
                    .bind(s.authenticated_at)
                    .execute(&self.writer)
                    .await
                    .map_err(crate::db::map_err)?
                    .rows_affected(),
                )
            }

            async fn rotate_session(
                &self,
                old_token_hash: &str,
                new: &app::accounts::ports::SessionRecord,
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let gone = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(old_token_hash)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                if gone != 1 {
                    // Someone else rotated or ended it first: refuse rather than fork the session.
                    return Err(app::store::StoreError::Conflict("session already replaced".into()));
                }
                insert_session_in(&mut *tx, new).await?;
                tx.commit().await.map_err(map_err)
            }

            async fn delete_session(&self, token_hash: &str) -> Result<(), app::store::StoreError> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.writer)
                    .await
                    .map(|_| ())
                    .map_err(crate::db::map_err)
            }

            async fn sessions_of(
                &self,
                account_id: i64,
            ) -> Result<Vec<app::accounts::ports::SessionRecord>, app::store::StoreError> {
                use crate::db::accounts::SESSION_COLUMNS;
                sqlx::query(&format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions WHERE account_id = $1 AND stage = 'active' \
                     ORDER BY last_seen_at DESC"
                ))
                .bind(account_id)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(account_rows::session_from_row)
                .collect()
            }

            async fn delete_sessions_of(
                &self,
                account_id: i64,
                keep: Option<&str>,
            ) -> Result<u64, app::store::StoreError> {
                sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
                    .bind(account_id)
                    .bind(keep.unwrap_or(""))
                    .execute(&self.writer)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(crate::db::map_err)
            }

            async fn purge_expired_sessions(&self, now: i64) -> Result<u64, app::store::StoreError> {
                sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&self.writer)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(crate::db::map_err)
            }

            async fn insert_challenge(
                &self,
                c: &app::accounts::ports::StoredChallenge,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO otp_challenges (challenge_id, session_hash, account_id, purpose, channel, \
                     destination, code_hash, client_ip, created_at, expires_at, attempts, consumed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)",
                )
                .bind(&c.challenge.id)
                .bind(&c.challenge.session)
                .bind(c.account_id)
                .bind(c.challenge.purpose.code())
                .bind(c.channel.code())
                .bind(&c.destination)
                .bind(&c.challenge.code_hash)
                .bind(&c.client_ip)
                .bind(c.created_at)
                .bind(c.challenge.expires_at)
                .bind(i64::from(c.challenge.attempts))
                .execute(&self.writer)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            async fn latest_challenge(
                &self,
                session_hash: &str,
                purpose: app::accounts::otp::Purpose,
            ) -> Result<Option<app::accounts::ports::StoredChallenge>, app::store::StoreError> {
                use crate::db::accounts::CHALLENGE_COLUMNS;
                let row = sqlx::query(&format!(
                    "SELECT {CHALLENGE_COLUMNS} FROM otp_challenges WHERE session_hash = $1 AND purpose = $2 \
                     ORDER BY created_at DESC, challenge_id LIMIT 1"
                ))
                .bind(session_hash)
                .bind(purpose.code())
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                row.as_ref().map(account_rows::challenge_from_row).transpose()
            }

            async fn add_attempt(&self, challenge_id: &str) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE otp_challenges SET attempts = attempts + 1 WHERE challenge_id = $1")
                    .bind(challenge_id)
                    .execute(&self.writer)
                    .await
                    .map(|_| ())
                    .map_err(crate::db::map_err)
            }

            async fn consume_challenge(&self, challenge_id: &str, now: i64) -> Result<bool, app::store::StoreError> {
                sqlx::query(
                    "UPDATE otp_challenges SET consumed_at = $2 WHERE challenge_id = $1 AND consumed_at IS NULL",
                )
                .bind(challenge_id)
                .bind(now)
                .execute(&self.writer)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(crate::db::map_err)
            }

            async fn recent_sends(
                &self,
                key: app::accounts::ports::SendKey<'_>,
                since: i64,
            ) -> Result<Vec<i64>, app::store::StoreError> {
                use app::accounts::ports::SendKey;
                let q = match key {
                    SendKey::Destination(d) => sqlx::query_scalar(
                        "SELECT created_at FROM otp_challenges WHERE destination = $1 AND created_at >= $2",
                    )
                    .bind(d.to_string())
                    .bind(since),
                    SendKey::ClientIp(ip) => sqlx::query_scalar(
                        "SELECT created_at FROM otp_challenges WHERE client_ip = $1 AND created_at >= $2",
                    )
                    .bind(ip.to_string())
                    .bind(since),
                    SendKey::Account(id) => {
                        return sqlx::query_scalar(
                            "SELECT created_at FROM otp_challenges WHERE account_id = $1 AND created_at >= $2",
                        )
                        .bind(id)
                        .bind(since)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(crate::db::map_err);
                    }
                };
                q.fetch_all(&self.pool).await.map_err(crate::db::map_err)
            }

            async fn record_event(&self, e: &app::accounts::ports::AuditEvent) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO audit_log (at, kind, account_id, actor_id, client_ip, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(e.at)
                .bind(&e.kind)
                .bind(e.account_id)
                .bind(e.actor_id)
                .bind(&e.client_ip)
                .bind(&e.detail)
                .execute(&self.writer)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            async fn events_of(
                &self,
                account_id: i64,
                limit: u32,
            ) -> Result<Vec<app::accounts::ports::AuditEvent>, app::store::StoreError> {
                sqlx::query(
                    "SELECT at, kind, account_id, actor_id, client_ip, detail FROM audit_log \
                     WHERE account_id = $1 ORDER BY at DESC, event_id DESC LIMIT $2",
                )
                .bind(account_id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(account_rows::event_from_row)
                .collect()
            }

            async fn audit_seek(
                &self,
                kind: Option<&str>,
                account_id: Option<i64>,
                seek: &app::paging::Seek<i64>,
                limit: u32,
            ) -> Result<Vec<app::accounts::ports::AuditEntry>, app::store::StoreError> {
                use crate::db::map_err;
                use sqlx::Row;
                let (sql, args) = crate::db::hot::audit(kind, account_id, seek, limit);
                let name = |r: &<$db as sqlx::Database>::Row, f: &str, o: &str| -> Result<Option<String>, app::store::StoreError> {
                    Ok(crate::db::person_name(r.try_get(f).map_err(map_err)?, r.try_get(o).map_err(map_err)?))
                };
                let mut rows = crate::bind_args!(sqlx::query(&sql), &args).fetch_all(&self.pool).await.map_err(map_err)?;
                // Read back towards the newest: turned round into display order.
                if !seek.forward(true) {
                    rows.reverse();
                }
                rows
                    .iter()
                    .map(|r| {
                        Ok(app::accounts::ports::AuditEntry {
                            id: r.try_get("event_id").map_err(map_err)?,
                            event: account_rows::event_from_row(r)?,
                            account_name: name(r, "account_first", "account_other")?,
                            actor_name: name(r, "actor_first", "actor_other")?,
                        })
                    })
                    .collect()
            }

            async fn record_access(&self, a: &app::accounts::ports::DataAccess) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO data_access_log (at, citizen_id, viewer_id, viewer_name, viewer_role, agency_code, what) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(a.at)
                .bind(a.citizen_id)
                .bind(a.viewer_id)
                .bind(&a.viewer_name)
                .bind(a.viewer_role.code())
                .bind(a.agency.as_deref())
                .bind(&a.what)
                .execute(&self.writer)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            async fn accesses_of(
                &self,
                citizen_id: i64,
                limit: u32,
            ) -> Result<Vec<app::accounts::ports::DataAccess>, app::store::StoreError> {
                sqlx::query(
                    "SELECT at, citizen_id, viewer_id, viewer_name, viewer_role, agency_code, what \
                     FROM data_access_log WHERE citizen_id = $1 ORDER BY at DESC, access_id DESC LIMIT $2",
                )
                .bind(citizen_id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(account_rows::access_from_row)
                .collect()
            }

            async fn record_consent(&self, c: &app::accounts::ports::Consent) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO consents (account_id, purpose, version, granted_at, withdrawn_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(c.account_id)
                .bind(&c.purpose)
                .bind(&c.version)
                .bind(c.granted_at)
                .bind(c.withdrawn_at)
                .execute(&self.writer)
                .await
                .map(|_| ())
                .map_err(crate::db::map_err)
            }

            async fn consents_of(
                &self,
                account_id: i64,
            ) -> Result<Vec<app::accounts::ports::Consent>, app::store::StoreError> {
                sqlx::query(
                    "SELECT account_id, purpose, version, granted_at, withdrawn_at FROM consents \
                     WHERE account_id = $1 ORDER BY granted_at DESC, consent_id DESC",
                )
                .bind(account_id)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?
                .iter()
                .map(account_rows::consent_from_row)
                .collect()
            }
        }

        async fn insert_session_in<'e, E>(
            executor: E,
            s: &app::accounts::ports::SessionRecord,
        ) -> Result<(), app::store::StoreError>
        where
            E: sqlx::Executor<'e, Database = $db>,
        {
            sqlx::query(crate::db::hot::SESSION_INSERT)
            .bind(&s.token_hash)
            .bind(&s.public_id)
            .bind(s.account_id)
            .bind(s.stage.code())
            .bind(&s.data)
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .bind(s.expires_at)
            .bind(s.authenticated_at)
            .bind(&s.user_agent)
            .bind(&s.client_ip)
            .execute(executor)
            .await
            .map(|_| ())
            .map_err(crate::db::map_err)
        }
    };
}
