//! `/staff/agencies`: the platform admins' list of agencies (searchable, a page at a time), the
//! onboarding form, and with `?agency=CODE` that agency's API keys. Plain forms: it works
//! without JavaScript.
//!
//! A new key must reach the admin once and never be stored in the clear. A no-JS form post ends
//! in a redirect, so the key cannot simply be the post's answer; putting it in the redirect
//! address would leave it in browser history and access logs, and keeping it on the server for
//! the next page would store a secret. Instead the post sets a short-lived cookie holding it
//! (`__Host-`, HttpOnly, SameSite=Strict, five minutes), which travels only over this origin's
//! TLS to the page the redirect lands on; that page shows the key if it is one of the agency's,
//! clears the cookie in the same response and forbids caching it, so reloading shows it no more.

use super::agencies::{AGENCY_ROLES, AgencyForm, NEW_KEY_COOKIE, NewKeyFlash, PAGE_SIZE, clearing_new_key_cookie};
use super::team_texts::agency_texts;
use crate::accounts::api::{finish, reject};
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::service::{NextStep, store_err};
use crate::accounts::session::{Access, authorize, page_account};
use crate::catalogue::model::AgencyKind;
use crate::error::{AppError, Problem};
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

const LIST_ENDPOINTS: &[&str] = &["/api/staff/agencies/onboard"];
const KEY_ENDPOINTS: &[&str] = &["/api/staff/agencies/keys/create", "/api/staff/agencies/keys/revoke"];

fn agency_page(agency: &str, extra: &[(&str, &str)], anchor: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("agency", agency)
        .extend_pairs(extra.iter().copied())
        .finish();
    format!("/staff/agencies?{query}{anchor}")
}

/// Onboards a new agency into the catalogue, optionally with its first admin.
#[server(prefix = "/api", endpoint = "staff/agencies/onboard")]
#[allow(clippy::too_many_arguments)]
pub async fn onboard_agency(
    code: String,
    kind: String,
    name_en: String,
    name_sw: String,
    description_en: String,
    description_sw: String,
    county_number: Option<String>,
    website: Option<String>,
    admin_id_number: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(AGENCY_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let form = AgencyForm {
        code,
        kind,
        name_en,
        name_sw,
        description_en,
        description_sw,
        county_number: county_number.unwrap_or_default(),
        website: website.unwrap_or_default(),
    };
    let result = super::agencies::onboard(&state, &caller, &form, admin_id_number.as_deref().unwrap_or(""))
        .await
        .map(|code| NextStep { to: agency_page(&code, &[("done", "onboarded")], ""), cookie: None });
    finish(result)
}

/// Creates an API key for an agency; the page the browser lands on shows it once.
#[server(prefix = "/api", endpoint = "staff/agencies/keys/create")]
pub async fn create_agency_key(agency: String, label: String, webhook_url: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(AGENCY_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::agencies::create_key(&state, &caller, &agency, &label, webhook_url.as_deref().unwrap_or(""))
        .await
        .map(|(code, flash)| NextStep {
            to: agency_page(&code, &[("new_key", &flash.id.to_string())], "#new-key"),
            cookie: Some(flash.cookie()),
        });
    finish(result)
}

/// Revokes an agency's API key: the API refuses it from the next request on.
#[server(prefix = "/api", endpoint = "staff/agencies/keys/revoke")]
pub async fn revoke_agency_key(agency: String, key_id: i64) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(AGENCY_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::agencies::revoke_key(&state, &caller, &agency, key_id).await.map(|code| NextStep {
        to: agency_page(&code, &[("done", "revoked")], &format!("#key-{key_id}")),
        cookie: None,
    });
    finish(result)
}

/// The new key the browser brought back, if any; the cookie is cleared in this very response
/// and the page is kept out of every cache.
fn take_new_key() -> Option<NewKeyFlash> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let value = crate::ssr::cookies(&parts.headers).find(|(k, _)| *k == NEW_KEY_COOKIE).map(|(_, v)| v.to_string())?;
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = axum::http::HeaderValue::from_str(&clearing_new_key_cookie()) {
            resp.append_header(axum::http::header::SET_COOKIE, v);
        }
        resp.insert_header(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    }
    NewKeyFlash::parse(&value)
}

/// `/staff/agencies`.
#[component]
pub fn AgenciesAdminPage() -> impl IntoView {
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    if !AGENCY_ROLES.contains(&me.role) {
        return view! { <LoadError error=AppError::Forbidden /> }.into_any();
    }
    match query_param("agency").map(|a| a.trim().to_ascii_lowercase()).filter(|a| !a.is_empty()) {
        Some(code) => view! { <AgencyKeys code /> }.into_any(),
        None => view! { <AgencyList /> }.into_any(),
    }
}

/// The list of agencies and the onboarding form.
#[component]
fn AgencyList() -> impl IntoView {
    let lang = request_lang();
    let t = agency_texts(lang);
    let q: String = query_param("q").unwrap_or_default().trim().chars().take(60).collect();
    let page =
        query_param("page").and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| (1..=1000).contains(p)).unwrap_or(1);
    let state = state();
    let caller = authorize(Access::Roles(AGENCY_ROLES));
    let load = {
        let q = q.to_lowercase();
        async move {
            caller?;
            let state = state?;
            state.store.agencies_page(&q, (page - 1) * PAGE_SIZE, PAGE_SIZE).await.map_err(store_err)
        }
    };
    let link = {
        let q = q.clone();
        move |page: u32| {
            let mut s = form_urlencoded::Serializer::new(String::new());
            if !q.is_empty() {
                s.append_pair("q", &q);
            }
            format!("/staff/agencies?{}", s.append_pair("page", &page.to_string()).finish())
        }
    };
    let kinds = AgencyKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{(t.kind_name)(k)}</option> })
        .collect_view();
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        <FormError endpoints=LIST_ENDPOINTS />
        <form method="get" action="/staff/agencies" class="filters" role="search">
            <div class="field">
                <label for="agency-q">{t.search_label}</label>
                <input id="agency-q" name="q" type="search" maxlength="60" value=q.clone() />
            </div>
            <div class="button-row">
                <button type="submit" class="button">{t.search}</button>
                <a href="/staff/agencies">{t.show_all}</a>
            </div>
        </form>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (total, agencies) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                if agencies.is_empty() {
                    return view! { <p>{t.none}</p> }.into_any();
                }
                let rows = agencies
                    .into_iter()
                    .map(|a| {
                        let href = agency_page(&a.code, &[], "");
                        view! {
                            <tr>
                                <td><a href=href><code>{a.code.clone()}</code></a></td>
                                <th scope="row">{a.name.get(lang).to_string()}</th>
                                <td>{(t.kind_name)(a.kind)}</td>
                                <td class="num"><a href=format!("/staff/team?agency={}", a.code)>{a.staff}</a></td>
                                <td class="num">{a.active_keys}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let shown = u64::from(page) * u64::from(PAGE_SIZE);
                let previous = (page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t.previous}</a> });
                let next = (shown < total).then(|| view! { <a href=link(page + 1) rel="next">{t.next}</a> });
                let pages = (previous.is_some() || next.is_some())
                    .then(|| view! { <nav class="pagination" aria-label=t.heading>{previous}" "{next}</nav> });
                view! {
                    <p class="result-count">{(t.count)(total)}</p>
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t.code}</th><th scope="col">{t.name}</th><th scope="col">{t.kind}</th>
                                <th scope="col">{t.staff}</th><th scope="col">{t.keys}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {pages}
                }
                .into_any()
            })}
        </Suspense>
        <h2>{t.onboard_heading}</h2>
        <form method="post" action="/api/staff/agencies/onboard" class="stack">
            <div class="field">
                <label for="new-code">{t.code}</label>
                <p class="hint" id="new-code-hint">{t.code_hint}</p>
                <input id="new-code" name="code" type="text" maxlength="32" required=true spellcheck="false" aria-describedby="new-code-hint" />
            </div>
            <div class="field">
                <label for="new-kind">{t.kind}</label>
                <select id="new-kind" name="kind">{kinds}</select>
            </div>
            <div class="field">
                <label for="new-name-en">{t.name_en}</label>
                <input id="new-name-en" name="name_en" type="text" maxlength="160" required=true lang="en" />
            </div>
            <div class="field">
                <label for="new-name-sw">{t.name_sw}</label>
                <input id="new-name-sw" name="name_sw" type="text" maxlength="160" required=true lang="sw" />
            </div>
            <div class="field">
                <label for="new-description-en">{t.description_en}</label>
                <textarea id="new-description-en" name="description_en" rows="2" maxlength="600" required=true lang="en"></textarea>
            </div>
            <div class="field">
                <label for="new-description-sw">{t.description_sw}</label>
                <textarea id="new-description-sw" name="description_sw" rows="2" maxlength="600" required=true lang="sw"></textarea>
            </div>
            <div class="field">
                <label for="new-county">{t.county}</label>
                <p class="hint" id="new-county-hint">{t.county_hint}</p>
                <input id="new-county" name="county_number" type="text" inputmode="numeric" maxlength="2" aria-describedby="new-county-hint" />
            </div>
            <div class="field">
                <label for="new-website">{t.website}</label>
                <input id="new-website" name="website" type="url" maxlength="200" />
            </div>
            <div class="field">
                <label for="new-admin">{t.admin}</label>
                <p class="hint" id="new-admin-hint">{t.admin_hint}</p>
                <input id="new-admin" name="admin_id_number" type="text" inputmode="numeric" maxlength="12" autocomplete="off" aria-describedby="new-admin-hint" />
            </div>
            <button type="submit" class="button">{t.onboard}</button>
        </form>
    }
}

/// One agency's API keys: the one-time display of a new key, the list, and the create form.
#[component]
fn AgencyKeys(code: String) -> impl IntoView {
    let lang = request_lang();
    let t = agency_texts(lang);
    let flash = take_new_key();
    let wanted = query_param("new_key").and_then(|k| k.parse::<i64>().ok());
    let notice = query_param("done").filter(|_| query_param("__err").is_none()).and_then(|d| (t.done)(&d));
    let state = state();
    let caller = authorize(Access::Roles(AGENCY_ROLES));
    let load = async move {
        caller?;
        let state = state?;
        let summary = state.store.agency_summary(&code).await.map_err(store_err)?.ok_or(Problem::AgencyUnknown)?;
        let keys = state.store.api_keys_of(&summary.code).await.map_err(store_err)?;
        Ok::<_, AppError>((summary, keys))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <p><a href="/staff/agencies">{t.heading}</a></p>
        <FormError endpoints=KEY_ENDPOINTS />
        {notice.map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (summary, keys) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <h1>{t.heading}</h1><LoadError error=e /> }.into_any(),
                };
                // Only a key of this agency, the one the creating post named, is shown.
                let shown = flash
                    .filter(|f| wanted == Some(f.id))
                    .filter(|f| keys.iter().any(|k| k.id == f.id && k.revoked_at.is_none() && f.is_key(&k.prefix)));
                let one_time = shown.map(|f| view! {
                    <div class="notice notice-warning" id="new-key" role="status">
                        <h2>{t.new_key_heading}</h2>
                        <p>{t.new_key_warning}</p>
                        <dl class="summary-list">
                            <div><dt>{t.key_label}</dt><dd><code class="hash">{f.key}</code></dd></div>
                            <div><dt>{t.secret_label}</dt><dd><code class="hash">{f.webhook_secret}</code></dd></div>
                        </dl>
                    </div>
                });
                let code = summary.code.clone();
                let rows = keys
                    .iter()
                    .map(|k| {
                        let id = k.id;
                        let status = match k.revoked_at {
                            Some(at) => view! { <td>{(t.revoked_on)(&eat(at))}</td> }.into_any(),
                            None => view! {
                                <td>
                                    {t.active}
                                    <form method="post" action="/api/staff/agencies/keys/revoke" class="inline-form">
                                        <input type="hidden" name="agency" value=code.clone() />
                                        <input type="hidden" name="key_id" value=id.to_string() />
                                        <button type="submit" class="button button-small button-secondary">{t.revoke}</button>
                                    </form>
                                </td>
                            }
                            .into_any(),
                        };
                        view! {
                            <tr id=format!("key-{id}")>
                                <th scope="row"><code>{format!("mlg_{}_…", k.prefix)}</code></th>
                                <td>{k.label.clone()}</td>
                                <td>{k.webhook_url.clone().unwrap_or_default()}</td>
                                <td>{eat(k.created_at)}</td>
                                {status}
                            </tr>
                        }
                    })
                    .collect_view();
                let list = if keys.is_empty() {
                    view! { <p>{t.no_keys}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{t.prefix}</th><th scope="col">{t.label}</th><th scope="col">{t.webhook}</th>
                                    <th scope="col">{t.created}</th><th scope="col">{t.status}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    <h1>{(t.keys_heading)(summary.name.get(lang))}</h1>
                    <p>
                        <code>{code.clone()}</code>" · "{(t.kind_name)(summary.kind)}" · "
                        <a href=format!("/staff/team?agency={code}")>{t.team_link}" ("{summary.staff}")"</a>
                    </p>
                    {one_time}
                    {list}
                    <h2>{t.create_heading}</h2>
                    <form method="post" action="/api/staff/agencies/keys/create" class="stack">
                        <input type="hidden" name="agency" value=code.clone() />
                        <div class="field">
                            <label for="key-label">{t.label}</label>
                            <p class="hint" id="key-label-hint">{t.label_hint}</p>
                            <input id="key-label" name="label" type="text" maxlength="60" required=true aria-describedby="key-label-hint" />
                        </div>
                        <div class="field">
                            <label for="key-webhook">{t.webhook}</label>
                            <p class="hint" id="key-webhook-hint">{t.webhook_hint}</p>
                            <input id="key-webhook" name="webhook_url" type="url" maxlength="500" aria-describedby="key-webhook-hint" />
                        </div>
                        <button type="submit" class="button">{t.create}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
}
