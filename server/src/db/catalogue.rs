//! The catalogue half of the store contract, written once for both backends.

/// Implements [`app::catalogue::ports::CatalogueStore`] for a store type with a `pool` field
/// of the given sqlx database.
macro_rules! impl_catalogue_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Writes a catalogue batch inside the caller's transaction (the import and a
            /// service draft's publication share it). With `keep_fees`, existing services keep
            /// their stored prices.
            pub(crate) async fn write_catalogue(
                tx: &mut sqlx::Transaction<'_, $db>,
                batch: &app::catalogue::ports::CatalogueBatch,
                keep_fees: bool,
            ) -> Result<app::catalogue::ports::ImportSummary, app::store::StoreError> {
                use crate::db::catalogue::{form_hash, json};
                use crate::db::map_err;
                use app::store::StoreError;
                use sqlx::Row;
                use std::collections::HashMap;

                let mut summary = app::catalogue::ports::ImportSummary::default();

                for a in &batch.agencies {
                    let existing: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM agencies WHERE code = $1")
                        .bind(a.code.as_str())
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(map_err)?;
                    let sql = if existing.is_some() {
                        summary.agencies_updated += 1;
                        "UPDATE agencies SET kind = $2, name_en = $3, name_sw = $4, description_en = $5, \
                         description_sw = $6, county_number = $7, website = $8, updated_at = CURRENT_TIMESTAMP \
                         WHERE code = $1"
                    } else {
                        summary.agencies_created += 1;
                        "INSERT INTO agencies (code, kind, name_en, name_sw, description_en, description_sw, \
                         county_number, website) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                    };
                    sqlx::query(sql)
                        .bind(a.code.as_str())
                        .bind(a.kind.as_str())
                        .bind(&a.name.en)
                        .bind(&a.name.sw)
                        .bind(&a.description.en)
                        .bind(&a.description.sw)
                        .bind(a.county_number.map(i64::from))
                        .bind(a.website.as_deref())
                        .execute(&mut **tx)
                        .await
                        .map_err(map_err)?;
                }

                let agency_ids: HashMap<String, i64> = sqlx::query("SELECT agency_id, code FROM agencies")
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(map_err)?
                    .iter()
                    .map(|r| Ok((r.try_get::<String, _>("code")?, r.try_get::<i64, _>("agency_id")?)))
                    .collect::<Result<_, sqlx::Error>>()
                    .map_err(map_err)?;

                // Forms are shared between services by Arc; store each distinct one once.
                let mut form_ids: HashMap<usize, i64> = HashMap::new();
                for s in &batch.services {
                    let ptr = std::sync::Arc::as_ptr(&s.form) as usize;
                    if form_ids.contains_key(&ptr) {
                        continue;
                    }
                    let definition = json(&*s.form)?;
                    let hash = form_hash(&definition);
                    sqlx::query(
                        "INSERT INTO form_definitions (content_hash, definition) VALUES ($1, $2) \
                         ON CONFLICT (content_hash) DO NOTHING",
                    )
                    .bind(&hash)
                    .bind(&definition)
                    .execute(&mut **tx)
                    .await
                    .map_err(map_err)?;
                    let id: i64 = sqlx::query_scalar("SELECT form_id FROM form_definitions WHERE content_hash = $1")
                        .bind(&hash)
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(map_err)?;
                    form_ids.insert(ptr, id);
                }

                let existing: HashMap<String, (i64, i64)> =
                    sqlx::query("SELECT service_id, code, agency_id FROM services")
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(map_err)?
                        .iter()
                        .map(|r| {
                            Ok((
                                r.try_get::<String, _>("code")?,
                                (r.try_get::<i64, _>("service_id")?, r.try_get::<i64, _>("agency_id")?),
                            ))
                        })
                        .collect::<Result<_, sqlx::Error>>()
                        .map_err(map_err)?;

                // Resolve every service before writing any, so a bad one fails the whole batch.
                struct Resolved<'a> {
                    service: &'a app::catalogue::model::Service,
                    agency_id: i64,
                    form_id: i64,
                    existing_id: Option<i64>,
                }
                let mut rows = Vec::with_capacity(batch.services.len());
                for s in &batch.services {
                    let agency_id = *agency_ids
                        .get(s.agency.as_str())
                        .ok_or_else(|| StoreError::NotFound(format!("agency {}", s.agency)))?;
                    let existing_id = match existing.get(s.code.as_str()) {
                        Some(&(_, owner)) if owner != agency_id => {
                            return Err(StoreError::Conflict(format!(
                                "service {} belongs to another agency",
                                s.code
                            )));
                        }
                        Some(&(id, _)) => Some(id),
                        None => None,
                    };
                    let form_id = form_ids[&(std::sync::Arc::as_ptr(&s.form) as usize)];
                    rows.push(Resolved { service: s, agency_id, form_id, existing_id });
                }

                let mut service_ids: Vec<(i64, &app::catalogue::model::Service)> = Vec::with_capacity(rows.len());
                for r in rows.iter().filter(|r| r.existing_id.is_some()) {
                    let s = r.service;
                    let id = r.existing_id.unwrap_or_default();
                    // With `keep_fees`, the prices and their currency stay as stored: a published
                    // service's prices change only through fee changes.
                    let (currency, waived) = if keep_fees {
                        let row =
                            sqlx::query("SELECT currency, convenience_fee_waived FROM services WHERE service_id = $1")
                                .bind(id)
                                .fetch_one(&mut **tx)
                                .await
                                .map_err(map_err)?;
                        (
                            row.try_get::<String, _>("currency").map_err(map_err)?,
                            row.try_get::<bool, _>("convenience_fee_waived").map_err(map_err)?,
                        )
                    } else {
                        (s.fees.currency.code().to_string(), s.fees.convenience_fee_waived)
                    };
                    sqlx::query(
                        "UPDATE services SET category = $2, name_en = $3, name_sw = $4, summary_en = $5, \
                         summary_sw = $6, requirements = $7, in_person_steps = $8, currency = $9, \
                         convenience_fee_waived = $10, timeline_days = $11, form_id = $12, keywords = $13, \
                         popularity = $14, updated_at = CURRENT_TIMESTAMP WHERE service_id = $1",
                    )
                    .bind(id)
                    .bind(s.category.as_str())
                    .bind(&s.name.en)
                    .bind(&s.name.sw)
                    .bind(&s.summary.en)
                    .bind(&s.summary.sw)
                    .bind(json(&s.requirements)?)
                    .bind(json(&s.in_person_steps)?)
                    .bind(currency)
                    .bind(waived)
                    .bind(i64::from(s.timeline_days))
                    .bind(r.form_id)
                    .bind(&s.keywords)
                    .bind(i64::from(s.popularity))
                    .execute(&mut **tx)
                    .await
                    .map_err(map_err)?;
                    if !keep_fees {
                        sqlx::query("DELETE FROM service_fee_variants WHERE service_id = $1")
                            .bind(id)
                            .execute(&mut **tx)
                            .await
                            .map_err(map_err)?;
                        service_ids.push((id, s));
                    }
                    summary.services_updated += 1;
                }

                let new_rows: Vec<&Resolved> = rows.iter().filter(|r| r.existing_id.is_none()).collect();
                // Multi-row inserts: 15 parameters a row stays far below both engines' limits.
                for chunk in new_rows.chunks(500) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO services (code, agency_id, category, name_en, name_sw, summary_en, summary_sw, \
                         requirements, in_person_steps, currency, convenience_fee_waived, timeline_days, form_id, \
                         keywords, popularity) ",
                    );
                    let mut encoded = Vec::with_capacity(chunk.len());
                    for r in chunk {
                        encoded.push((json(&r.service.requirements)?, json(&r.service.in_person_steps)?));
                    }
                    qb.push_values(chunk.iter().zip(encoded), |mut b, (r, (reqs, steps))| {
                        let s = r.service;
                        b.push_bind(s.code.as_str().to_string())
                            .push_bind(r.agency_id)
                            .push_bind(s.category.as_str())
                            .push_bind(s.name.en.clone())
                            .push_bind(s.name.sw.clone())
                            .push_bind(s.summary.en.clone())
                            .push_bind(s.summary.sw.clone())
                            .push_bind(reqs)
                            .push_bind(steps)
                            .push_bind(s.fees.currency.code())
                            .push_bind(s.fees.convenience_fee_waived)
                            .push_bind(i64::from(s.timeline_days))
                            .push_bind(r.form_id)
                            .push_bind(s.keywords.clone())
                            .push_bind(i64::from(s.popularity));
                    });
                    qb.push(" RETURNING service_id, code");
                    let returned = qb.build().fetch_all(&mut **tx).await.map_err(map_err)?;
                    let by_code: HashMap<&str, &app::catalogue::model::Service> =
                        chunk.iter().map(|r| (r.service.code.as_str(), r.service)).collect();
                    for row in returned {
                        let code: String = row.try_get("code").map_err(map_err)?;
                        let id: i64 = row.try_get("service_id").map_err(map_err)?;
                        if let Some(s) = by_code.get(code.as_str()) {
                            service_ids.push((id, s));
                        }
                    }
                    summary.services_created += chunk.len() as u64;
                }

                let variants: Vec<(i64, usize, &app::catalogue::model::FeeVariant)> = service_ids
                    .iter()
                    .flat_map(|(id, s)| s.fees.variants.iter().enumerate().map(move |(i, v)| (*id, i, v)))
                    .collect();
                for chunk in variants.chunks(1000) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO service_fee_variants (service_id, variant_code, position, label_en, label_sw, \
                         amount_minor) ",
                    );
                    qb.push_values(chunk, |mut b, (id, pos, v)| {
                        b.push_bind(*id)
                            .push_bind(v.code.clone())
                            .push_bind(*pos as i64)
                            .push_bind(v.label.en.clone())
                            .push_bind(v.label.sw.clone())
                            .push_bind(v.amount_minor);
                    });
                    qb.build().execute(&mut **tx).await.map_err(map_err)?;
                }

                sqlx::query("UPDATE catalogue_version SET version = version + 1 WHERE id = 1")
                    .execute(&mut **tx)
                    .await
                    .map_err(map_err)?;
                Ok(summary)
            }
        }

        #[async_trait::async_trait]
        impl app::catalogue::ports::CatalogueStore for $store {
            #[tracing::instrument(skip_all, fields(agencies = batch.agencies.len(), services = batch.services.len()))]
            async fn import_catalogue(
                &self,
                batch: &app::catalogue::ports::CatalogueBatch,
            ) -> Result<app::catalogue::ports::ImportSummary, app::store::StoreError> {
                // Everything runs in one transaction: any error drops `tx`, which rolls back, so
                // an import is all or nothing.
                let mut tx = self.writer.begin().await.map_err(crate::db::map_err)?;
                let summary = Self::write_catalogue(&mut tx, batch, false).await?;
                tx.commit().await.map_err(crate::db::map_err)?;
                Ok(summary)
            }

            #[tracing::instrument(skip_all)]
            async fn load_catalogue(
                &self,
            ) -> Result<(Vec<app::catalogue::model::Agency>, Vec<app::catalogue::model::Service>), app::store::StoreError>
            {
                use crate::db::catalogue::{bad_row, parse_json};
                use crate::db::map_err;
                use app::catalogue::model::*;
                use sqlx::Row;
                use std::collections::HashMap;
                use std::sync::Arc;

                // One consistent view of the four tables.
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let agency_rows = sqlx::query(
                    "SELECT code, kind, name_en, name_sw, description_en, description_sw, county_number, website \
                     FROM agencies ORDER BY agency_id",
                )
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                let mut agencies = Vec::with_capacity(agency_rows.len());
                for r in &agency_rows {
                    let code: String = r.try_get("code").map_err(map_err)?;
                    let kind: String = r.try_get("kind").map_err(map_err)?;
                    let county: Option<i64> = r.try_get("county_number").map_err(map_err)?;
                    agencies.push(Agency {
                        code: AgencyCode::parse(&code).map_err(|e| bad_row("agency", &code, e))?,
                        kind: AgencyKind::parse(&kind).ok_or_else(|| bad_row("agency", &code, "unknown kind"))?,
                        name: Localized::new(
                            r.try_get::<String, _>("name_en").map_err(map_err)?,
                            r.try_get::<String, _>("name_sw").map_err(map_err)?,
                        ),
                        description: Localized::new(
                            r.try_get::<String, _>("description_en").map_err(map_err)?,
                            r.try_get::<String, _>("description_sw").map_err(map_err)?,
                        ),
                        county_number: county.and_then(|n| u8::try_from(n).ok()),
                        website: r.try_get("website").map_err(map_err)?,
                    });
                }

                let mut forms: HashMap<i64, Arc<FormDefinition>> = HashMap::new();
                for r in sqlx::query("SELECT form_id, definition FROM form_definitions")
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(map_err)?
                {
                    let id: i64 = r.try_get("form_id").map_err(map_err)?;
                    let def: String = r.try_get("definition").map_err(map_err)?;
                    forms.insert(id, Arc::new(parse_json(&def, "form", &id.to_string())?));
                }

                let mut variants: HashMap<i64, Vec<FeeVariant>> = HashMap::new();
                for r in sqlx::query(
                    "SELECT service_id, variant_code, label_en, label_sw, amount_minor FROM service_fee_variants \
                     ORDER BY service_id, position",
                )
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?
                {
                    variants.entry(r.try_get("service_id").map_err(map_err)?).or_default().push(FeeVariant {
                        code: r.try_get("variant_code").map_err(map_err)?,
                        label: Localized::new(
                            r.try_get::<String, _>("label_en").map_err(map_err)?,
                            r.try_get::<String, _>("label_sw").map_err(map_err)?,
                        ),
                        amount_minor: r.try_get("amount_minor").map_err(map_err)?,
                    });
                }

                let service_rows = sqlx::query(
                    "SELECT s.service_id, s.code, a.code AS agency_code, s.category, s.name_en, s.name_sw, \
                     s.summary_en, s.summary_sw, s.requirements, s.in_person_steps, s.currency, \
                     s.convenience_fee_waived, s.timeline_days, s.form_id, s.keywords, s.popularity \
                     FROM services s JOIN agencies a ON a.agency_id = s.agency_id ORDER BY s.service_id",
                )
                .fetch_all(&mut *tx)
                .await
                .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;

                let mut services = Vec::with_capacity(service_rows.len());
                for r in &service_rows {
                    let id: i64 = r.try_get("service_id").map_err(map_err)?;
                    let code: String = r.try_get("code").map_err(map_err)?;
                    let agency: String = r.try_get("agency_code").map_err(map_err)?;
                    let category: String = r.try_get("category").map_err(map_err)?;
                    let currency: String = r.try_get("currency").map_err(map_err)?;
                    let form_id: i64 = r.try_get("form_id").map_err(map_err)?;
                    let timeline: i64 = r.try_get("timeline_days").map_err(map_err)?;
                    let popularity: i64 = r.try_get("popularity").map_err(map_err)?;
                    let reqs: String = r.try_get("requirements").map_err(map_err)?;
                    let steps: String = r.try_get("in_person_steps").map_err(map_err)?;
                    services.push(Service {
                        code: ServiceCode::parse(&code).map_err(|e| bad_row("service", &code, e))?,
                        agency: AgencyCode::parse(&agency).map_err(|e| bad_row("service", &code, e))?,
                        category: Category::parse(&category)
                            .ok_or_else(|| bad_row("service", &code, "unknown category"))?,
                        name: Localized::new(
                            r.try_get::<String, _>("name_en").map_err(map_err)?,
                            r.try_get::<String, _>("name_sw").map_err(map_err)?,
                        ),
                        summary: Localized::new(
                            r.try_get::<String, _>("summary_en").map_err(map_err)?,
                            r.try_get::<String, _>("summary_sw").map_err(map_err)?,
                        ),
                        requirements: parse_json(&reqs, "service", &code)?,
                        in_person_steps: parse_json(&steps, "service", &code)?,
                        fees: FeeSchedule {
                            currency: app::money::Currency::parse(&currency)
                                .ok_or_else(|| bad_row("service", &code, "unknown currency"))?,
                            convenience_fee_waived: r.try_get("convenience_fee_waived").map_err(map_err)?,
                            variants: variants.remove(&id).unwrap_or_default(),
                        },
                        timeline_days: u16::try_from(timeline).map_err(|e| bad_row("service", &code, e))?,
                        form: forms.get(&form_id).cloned().ok_or_else(|| bad_row("service", &code, "form missing"))?,
                        keywords: r.try_get("keywords").map_err(map_err)?,
                        popularity: u32::try_from(popularity).unwrap_or(u32::MAX),
                    });
                }
                Ok((agencies, services))
            }

            async fn catalogue_version(&self) -> Result<i64, app::store::StoreError> {
                sqlx::query_scalar("SELECT version FROM catalogue_version WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(crate::db::map_err)
            }

            async fn catalogue_counts(&self) -> Result<(u64, u64), app::store::StoreError> {
                let (a, s): (i64, i64) =
                    sqlx::query_as("SELECT (SELECT COUNT(*) FROM agencies), (SELECT COUNT(*) FROM services)")
                        .fetch_one(&self.pool)
                        .await
                        .map_err(crate::db::map_err)?;
                Ok((a.max(0) as u64, s.max(0) as u64))
            }
        }
    };
}

use app::store::StoreError;

/// Serialises a JSON column value.
pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Other(format!("could not encode JSON: {e}")))
}

/// Parses a JSON column value, naming the row on failure.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(text: &str, what: &str, key: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| bad_row(what, key, e))
}

/// A stored row that no longer satisfies the domain rules.
pub(crate) fn bad_row(what: &str, key: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("stored {what} {key:?} is invalid: {why}"))
}

/// Content address of a form definition.
pub(crate) fn form_hash(definition: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(definition.as_bytes()))
}
