//! The uploads half of the store contract, written once for both backends.

use app::catalogue::model::DocumentType;

/// The stored code of a document type.
pub(crate) fn kind_code(kind: DocumentType) -> &'static str {
    match kind {
        DocumentType::Pdf => "pdf",
        DocumentType::Jpeg => "jpeg",
        DocumentType::Png => "png",
    }
}

/// A document type from its stored code.
pub(crate) fn kind_of(code: &str) -> Result<DocumentType, app::store::StoreError> {
    match code {
        "pdf" => Ok(DocumentType::Pdf),
        "jpeg" => Ok(DocumentType::Jpeg),
        "png" => Ok(DocumentType::Png),
        other => Err(crate::db::accounts::bad("upload kind", other)),
    }
}

/// Implements [`app::applications::ports::UploadStore`] for a store type with `pool` and
/// `writer` fields.
macro_rules! impl_upload_store {
    ($store:ty, $db:ty) => {
        /// Row decoding for this backend.
        mod upload_rows {
            use app::applications::uploads::UploadMeta;
            use app::store::StoreError;
            use sqlx::Row;

            pub(super) fn meta(r: &<$db as sqlx::Database>::Row) -> Result<UploadMeta, StoreError> {
                let m = crate::db::map_err;
                let kind: String = r.try_get("kind").map_err(m)?;
                Ok(UploadMeta {
                    code: r.try_get("code").map_err(m)?,
                    file_name: r.try_get("file_name").map_err(m)?,
                    kind: crate::db::uploads::kind_of(&kind)?,
                    size_bytes: r.try_get("size_bytes").map_err(m)?,
                    sha256: r.try_get("sha256").map_err(m)?,
                    uploaded_at: r.try_get("uploaded_at").map_err(m)?,
                })
            }
        }

        #[async_trait::async_trait]
        impl app::applications::ports::UploadStore for $store {
            async fn put_upload(
                &self,
                application_id: i64,
                expected_version: i64,
                upload: &app::applications::uploads::UploadMeta,
                content: &[u8],
            ) -> Result<(), app::store::StoreError> {
                use crate::db::map_err;
                let mut tx = self.writer.begin().await.map_err(map_err)?;
                let n = sqlx::query(
                    "UPDATE applications SET updated_at = $3, version = version + 1 \
                     WHERE application_id = $1 AND version = $2 AND state = 'draft'",
                )
                .bind(application_id)
                .bind(expected_version)
                .bind(upload.uploaded_at)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?
                .rows_affected();
                if n != 1 {
                    return Err(app::store::StoreError::Conflict(
                        "the draft changed or was submitted meanwhile".into(),
                    ));
                }
                sqlx::query(
                    "INSERT INTO application_uploads \
                     (application_id, code, file_name, kind, size_bytes, sha256, content, uploaded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (application_id, code) DO UPDATE SET file_name = excluded.file_name, \
                     kind = excluded.kind, size_bytes = excluded.size_bytes, sha256 = excluded.sha256, \
                     content = excluded.content, uploaded_at = excluded.uploaded_at",
                )
                .bind(application_id)
                .bind(&upload.code)
                .bind(&upload.file_name)
                .bind(crate::db::uploads::kind_code(upload.kind))
                .bind(upload.size_bytes)
                .bind(&upload.sha256)
                .bind(content)
                .bind(upload.uploaded_at)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                tx.commit().await.map_err(map_err)
            }

            async fn uploads_of(
                &self,
                application_id: i64,
            ) -> Result<Vec<app::applications::uploads::UploadMeta>, app::store::StoreError> {
                let rows = sqlx::query(
                    "SELECT code, file_name, kind, size_bytes, sha256, uploaded_at FROM application_uploads \
                     WHERE application_id = $1 ORDER BY code",
                )
                .bind(application_id)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                rows.iter().map(upload_rows::meta).collect()
            }

            async fn upload_content(
                &self,
                application_id: i64,
                code: &str,
            ) -> Result<Option<(app::applications::uploads::UploadMeta, Vec<u8>)>, app::store::StoreError> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT code, file_name, kind, size_bytes, sha256, uploaded_at, content FROM application_uploads \
                     WHERE application_id = $1 AND code = $2",
                )
                .bind(application_id)
                .bind(code)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::db::map_err)?;
                match row {
                    Some(r) => {
                        let content: Vec<u8> = r.try_get("content").map_err(crate::db::map_err)?;
                        Ok(Some((upload_rows::meta(&r)?, content)))
                    }
                    None => Ok(None),
                }
            }
        }
    };
}
