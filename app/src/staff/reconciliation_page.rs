//! Reconciliation exceptions on screen: the section of `/staff/finance` an agency's finance
//! staff work from, and `/staff/reconciliation`, the platform admins' view of every agency's
//! exceptions and the provider callbacks. Each row says what happened and what to do; a note
//! marks it resolved. Plain forms: it works without JavaScript.

use super::reconciliation::{EXCEPTION_ROLES, Exception, LIST_LIMIT, exceptions_for};
use super::reconciliation_texts::{describe, reconciliation_texts};
use crate::accounts::api::{finish, reject};
use crate::accounts::model::Role;
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::pages::money;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::paging::{Page, Pager, Seek, decode_pair, encode_pair, href};
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Who may see the platform-wide page.
pub const PLATFORM_ROLES: &[Role] = &[Role::PlatformAdmin];

/// Where the CSV of open exceptions is served (by the server crate).
pub const CSV_PATH: &str = "/staff/finance/exceptions.csv";

/// Marks an exception resolved, with what was found and done.
#[server(prefix = "/api", endpoint = "staff/reconciliation/resolve")]
pub async fn resolve_exception(kind: String, subject_id: i64, note: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(EXCEPTION_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let page = match caller.account().map(|a| a.role) {
        Ok(Role::PlatformAdmin) => "/staff/reconciliation",
        _ => "/staff/finance",
    };
    let result = super::reconciliation::resolve(&state, &caller, &kind, subject_id, &note)
        .await
        .map(|()| NextStep { to: format!("{page}?resolved=1#exceptions"), cookie: None });
    finish(result)
}

/// The exceptions section: open ones with a resolve form each, or (`resolved`) a page of the
/// reviews. `page` is the page it sits on, for the filter and page links.
pub fn exceptions_section(
    lang: Lang,
    page: &'static str,
    list: Page<Exception>,
    resolved: bool,
    now: i64,
    heading: &'static str,
    lead: &'static str,
) -> impl IntoView + use<> {
    let t = reconciliation_texts(lang);
    let just_resolved = query_param("resolved").is_some_and(|v| v == "1");
    let limited = (!resolved && list.rows.len() >= LIST_LIMIT as usize)
        .then(|| view! { <p class="hint">{(t.limited)(LIST_LIMIT)}</p> });
    let links = list
        .links(true, |e| encode_pair(e.resolution.as_ref().map_or((e.since, e.subject_id), |r| (r.at, r.review_id))));
    let kept = [("exceptions", "resolved".to_string())];
    let anchored = |l: Option<&(&'static str, String)>| href(page, &kept, l).map(|h| format!("{h}#exceptions"));
    let (prev, next) = (anchored(links.prev.as_ref()), anchored(links.next.as_ref()));
    let p = lang.t();
    let list = list.rows;
    let rows = list
        .iter()
        .map(|e| {
            let (happened, todo) = describe(lang, e);
            let last = if let Some(r) = &e.resolution {
                view! { <p><strong>{(t.resolved_by)(&r.by_name, &eat(r.at))}</strong></p><p>{r.note.clone()}</p> }
                    .into_any()
            } else {
                let id = format!("note-{}-{}", e.kind.code(), e.subject_id);
                view! {
                    <p>{todo}</p>
                    <form method="post" action="/api/staff/reconciliation/resolve" class="stack">
                        <input type="hidden" name="kind" value=e.kind.code() />
                        <input type="hidden" name="subject_id" value=e.subject_id.to_string() />
                        <div class="field">
                            <label for=id.clone()>{(t.note_label)(e.subject_id)}</label>
                            <textarea id=id name="note" rows="2" maxlength="1000" required=true></textarea>
                        </div>
                        <button type="submit" class="button button-secondary">{t.resolve}</button>
                    </form>
                }
                .into_any()
            };
            let amount = e.amount_minor.map(|m| money(Some(m), Some("KES")));
            view! {
                <tr id=format!("exception-{}-{}", e.kind.code(), e.subject_id)>
                    <td>{(t.age)(now - e.since)}<br /><span class="hint">{eat(e.since)}</span></td>
                    <td><span class="tag">{(t.kind)(e.kind)}</span><br />{amount}</td>
                    <td>{happened}</td>
                    <td>{last}</td>
                </tr>
            }
        })
        .collect_view();
    let content = if list.is_empty() {
        view! { <p>{if resolved { t.none_resolved } else { t.none_open }}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t.since}</th><th scope="col">{t.kind_col}</th>
                        <th scope="col">{t.happened}</th><th scope="col">{if resolved { t.review } else { t.todo }}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let (open_link, resolved_link) = (format!("{page}#exceptions"), format!("{page}?exceptions=resolved#exceptions"));
    view! {
        <section id="exceptions">
            <h2>{heading}</h2>
            <p>{lead}</p>
            {just_resolved.then(|| view! { <div class="notice" role="status"><p>{t.resolved_notice}</p></div> })}
            <FormError endpoints=&["/api/staff/reconciliation/resolve"] />
            <nav class="subnav" aria-label=heading>
                <ul class="plain-list">
                    <li><a href=open_link aria-current=(!resolved).then_some("page")>{t.show_open}</a></li>
                    <li><a href=resolved_link aria-current=resolved.then_some("page")>{t.show_resolved}</a></li>
                </ul>
            </nav>
            {limited}
            {content}
            <Pager prev next prev_label=p.previous_page next_label=p.next_page label=p.pagination_label />
            <p><a href=CSV_PATH>{t.download}</a></p>
        </section>
    }
}

/// Whether the page was asked for the resolved list.
pub fn wants_resolved() -> bool {
    query_param("exceptions").is_some_and(|v| v == "resolved")
}

/// Which page of the resolved list was asked for (`before` / `after` a review's position; one
/// that is not a position shows the first page).
pub fn resolved_seek() -> Seek<(i64, i64)> {
    Seek::parse(query_param("before").as_deref(), query_param("after").as_deref(), decode_pair).unwrap_or_default()
}

/// `/staff/reconciliation`: every agency's exceptions and the provider callbacks.
#[component]
pub fn ReconciliationPage() -> impl IntoView {
    let lang = request_lang();
    let t = reconciliation_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let resolved = wants_resolved();
    let seek = resolved_seek();
    let state = state();
    let caller = authorize(Access::Roles(PLATFORM_ROLES));
    let load = async move {
        let caller = caller?;
        let state = state?;
        let list = exceptions_for(&state, &caller, resolved, &seek).await?;
        Ok::<_, AppError>((list, state.clock.now()))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok((list, now)) => exceptions_section(lang, "/staff/reconciliation", list, resolved, now, t.section_heading, t.lead).into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}
