//! `/staff/audit`: the platform admins' view of the audit log — every security and
//! administrative event, newest first, narrowed to one kind or one person (by ID number), a
//! page at a time by id (`before=` older, `after=` newer). Read-only; reading it is itself not
//! logged per page.

use crate::accounts::identity::DocumentKind;
use crate::accounts::model::Role;
use crate::accounts::pages::{LoadError, SignInRequired, eat};
use crate::accounts::ports::AccountKey;
use crate::accounts::service::store_err;
use crate::accounts::session::{Access, authorize, page_account};
use crate::error::AppError;
use crate::paging::{self, Pager, Seek, decode_id};
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Who may read the whole audit log.
pub const AUDIT_ROLES: &[Role] = &[Role::PlatformAdmin];

/// Events on one page.
pub const PAGE_SIZE: u32 = 100;

/// What the viewer was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditFilter {
    /// Only this kind (`login_failed`, `fee_change_proposed`, ...).
    pub kind: Option<String>,
    /// Only events about the account with this national ID number.
    pub id_number: Option<String>,
    /// Which page: older than an id (`before`), newer than one (`after`), or the newest.
    pub page: Seek<i64>,
}

/// Why a viewer address cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFilterProblem {
    /// The kind is not a kind's shape (lower-case words joined by `_`, at most 40 characters).
    Kind,
    /// The ID number is not digits.
    IdNumber,
    /// The page position is not a positive number, or both ways were given.
    Page,
}

/// Reads the viewer's query parameters (empty means "any").
pub fn parse_audit_filter(
    kind: Option<&str>,
    id_number: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<AuditFilter, AuditFilterProblem> {
    let nonempty = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let kind = nonempty(kind);
    if kind.as_deref().is_some_and(|k| k.len() > 40 || !k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')) {
        return Err(AuditFilterProblem::Kind);
    }
    let id_number = nonempty(id_number);
    if id_number.as_deref().is_some_and(|n| n.len() > 12 || !n.bytes().all(|b| b.is_ascii_digit())) {
        return Err(AuditFilterProblem::IdNumber);
    }
    let page = Seek::parse(before, after, decode_id).ok_or(AuditFilterProblem::Page)?;
    Ok(AuditFilter { kind, id_number, page })
}

/// `/staff/audit`.
#[component]
pub fn AuditPage() -> impl IntoView {
    let t = super::texts::audit_texts(request_lang());
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let (kind, id_number) = (query_param("kind"), query_param("id_number"));
    let filter = parse_audit_filter(
        kind.as_deref(),
        id_number.as_deref(),
        query_param("before").as_deref(),
        query_param("after").as_deref(),
    );
    let state = state();
    let caller = authorize(Access::Roles(AUDIT_ROLES));
    let load = {
        let filter = filter.clone();
        async move {
            caller?;
            let state = state?;
            let Ok(f) = filter else {
                return Ok::<_, AppError>(paging::page(Vec::new(), &Seek::<i64>::First, true, 0));
            };
            let account_id = match &f.id_number {
                None => None,
                Some(n) => match state
                    .store
                    .find_account(AccountKey::Document(DocumentKind::NationalId, n))
                    .await
                    .map_err(store_err)?
                {
                    Some(a) => Some(a.id),
                    // Nobody by that number: nothing to show, rather than everything.
                    None => return Ok(paging::page(Vec::new(), &Seek::<i64>::First, true, 0)),
                },
            };
            let rows = state
                .store
                .audit_seek(f.kind.as_deref(), account_id, &f.page, PAGE_SIZE + 1)
                .await
                .map_err(store_err)?;
            Ok(paging::page(rows, &f.page, true, PAGE_SIZE as usize))
        }
    };
    let kept: Vec<(&str, String)> = [("kind", kind.clone()), ("id_number", id_number.clone())]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        {filter.clone().err().map(|p| view! {
            <div class="error-summary" role="alert" tabindex="-1"><p>{(t.bad_filter)(p)}</p></div>
        })}
        <form method="get" action="/staff/audit" class="filters">
            <div class="field">
                <label for="audit-kind">{t.kind_label}</label>
                <input id="audit-kind" name="kind" type="text" maxlength="40" value=kind.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="audit-id">{t.id_label}</label>
                <input id="audit-id" name="id_number" type="text" inputmode="numeric" maxlength="12" value=id_number.clone().unwrap_or_default() />
            </div>
            <div class="button-row">
                <button type="submit" class="button">{t.show}</button>
                <a href="/staff/audit">{t.clear}</a>
            </div>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let page = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                if page.rows.is_empty() {
                    return view! { <p>{t.none}</p> }.into_any();
                }
                let links = page.links(true, |e| e.id.to_string());
                let prev = paging::href("/staff/audit", &kept, links.prev.as_ref());
                let next = paging::href("/staff/audit", &kept, links.next.as_ref());
                let rows = page.rows
                    .into_iter()
                    .map(|e| view! {
                        <tr>
                            <td>{eat(e.event.at)}</td>
                            <td><code>{e.event.kind}</code></td>
                            <td>{e.account_name.unwrap_or_default()}</td>
                            <td>{e.actor_name.unwrap_or_default()}</td>
                            <td>{e.event.client_ip}</td>
                            <td>{e.event.detail}</td>
                        </tr>
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t.when}</th><th scope="col">{t.kind_label}</th><th scope="col">{t.account}</th>
                                <th scope="col">{t.actor}</th><th scope="col">{t.address}</th><th scope="col">{t.detail}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <Pager prev next prev_label=t.newer next_label=t.older label=t.pages_label />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_filters_are_read_strictly() {
        assert_eq!(parse_audit_filter(None, Some(""), Some(" "), None), Ok(AuditFilter::default()));
        assert_eq!(
            parse_audit_filter(Some("login_failed"), Some("10000001"), Some("42"), None),
            Ok(AuditFilter {
                kind: Some("login_failed".into()),
                id_number: Some("10000001".into()),
                page: Seek::Before(42)
            })
        );
        assert_eq!(parse_audit_filter(None, None, None, Some("7")).map(|f| f.page), Ok(Seek::After(7)));
        assert_eq!(parse_audit_filter(Some("Login Failed"), None, None, None), Err(AuditFilterProblem::Kind));
        assert_eq!(parse_audit_filter(Some(&"a".repeat(41)), None, None, None), Err(AuditFilterProblem::Kind));
        assert_eq!(parse_audit_filter(None, Some("1000-0001"), None, None), Err(AuditFilterProblem::IdNumber));
        for bad in ["0", "-3", "x", "1.5"] {
            assert_eq!(parse_audit_filter(None, None, Some(bad), None), Err(AuditFilterProblem::Page), "{bad}");
            assert_eq!(parse_audit_filter(None, None, None, Some(bad)), Err(AuditFilterProblem::Page), "{bad}");
        }
        assert_eq!(parse_audit_filter(None, None, Some("3"), Some("9")), Err(AuditFilterProblem::Page));
    }
}
