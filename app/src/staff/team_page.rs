//! `/staff/team`: an agency's staff and their roles, for the agency's admins (their own agency)
//! and platform admins (any agency, chosen with `?agency=CODE`). Plain forms: it works without
//! JavaScript.

use super::team::{STAFF_ROLES, TEAM_LIMIT, TEAM_ROLES, mask_id};
use super::team_texts::team_texts;
use crate::accounts::api::{finish, reject};
use crate::accounts::model::Role;
use crate::accounts::pages::{FormError, LoadError, SignInRequired};
use crate::accounts::service::{NextStep, store_err};
use crate::accounts::session::{Access, authorize, page_account};
use crate::error::{AppError, Problem};
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

const ENDPOINTS: &[&str] = &["/api/staff/team/add", "/api/staff/team/role", "/api/staff/team/remove"];

fn back_to(agency: &str, done: &str, anchor: &str) -> NextStep {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("agency", agency)
        .append_pair("done", done)
        .finish();
    NextStep { to: format!("/staff/team?{query}{anchor}"), cookie: None }
}

/// Adds the holder of a national ID number to the agency's staff with a role.
#[server(prefix = "/api", endpoint = "staff/team/add")]
pub async fn add_staff_member(agency: String, id_number: String, role: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(TEAM_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::team::add_member(&state, &caller, &agency, &id_number, &role)
        .await
        .map(|id| back_to(agency.trim(), "added", &format!("#member-{id}")));
    finish(result)
}

/// Gives a member of the agency's staff another role.
#[server(prefix = "/api", endpoint = "staff/team/role")]
pub async fn change_staff_role(agency: String, account_id: i64, role: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(TEAM_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::team::change_member(&state, &caller, &agency, account_id, Some(&role))
        .await
        .map(|()| back_to(agency.trim(), "changed", &format!("#member-{account_id}")));
    finish(result)
}

/// Removes a member from the agency's staff (their account stays, as a citizen's).
#[server(prefix = "/api", endpoint = "staff/team/remove")]
pub async fn remove_staff_member(agency: String, account_id: i64) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(TEAM_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::team::change_member(&state, &caller, &agency, account_id, None)
        .await
        .map(|()| back_to(agency.trim(), "removed", ""));
    finish(result)
}

/// `/staff/team`.
#[component]
pub fn TeamPage() -> impl IntoView {
    let lang = request_lang();
    let t = team_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let platform = me.role == Role::PlatformAdmin;
    // An agency admin's team is their own agency's; the parameter only chooses for platform admins.
    let asked = query_param("agency").map(|a| a.trim().to_ascii_lowercase()).filter(|a| !a.is_empty());
    let agency = if platform { asked.clone() } else { me.agency.clone() };
    let notice = query_param("done").filter(|_| query_param("__err").is_none()).and_then(|d| (t.done)(&d));
    let state = state();
    let caller = authorize(Access::Roles(TEAM_ROLES));
    let load = {
        let agency = agency.clone();
        async move {
            let caller = caller?;
            let state = state?;
            let Some(agency) = agency else { return Ok::<_, AppError>(None) };
            if asked.as_ref().is_some_and(|a| *a != agency) {
                caller.require_agency(asked.as_deref().unwrap_or_default())?;
            }
            let summary =
                state.store.agency_summary(&agency).await.map_err(store_err)?.ok_or(Problem::AgencyUnknown)?;
            let staff = state.store.staff_of(&agency, TEAM_LIMIT).await.map_err(store_err)?;
            Ok(Some((summary, staff)))
        }
    };
    let me_id = me.id;
    let chooser = platform.then(|| {
        view! {
            <form method="get" action="/staff/team" class="filters">
                <div class="field">
                    <label for="team-agency">{t.agency_label}</label>
                    <p class="hint" id="team-agency-hint">{t.agency_hint}</p>
                    <input id="team-agency" name="agency" type="text" maxlength="32" required=true
                        aria-describedby="team-agency-hint" value=agency.clone().unwrap_or_default() />
                </div>
                <div class="button-row">
                    <button type="submit" class="button button-secondary">{t.show}</button>
                    <a href="/staff/agencies">{t.all_agencies}</a>
                </div>
            </form>
        }
    });
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        <FormError endpoints=ENDPOINTS />
        {notice.map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
        {chooser}
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (summary, staff) = match load.await {
                    Ok(Some(x)) => x,
                    Ok(None) => return ().into_any(),
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let code = summary.code.clone();
                let role_options = move |current: Option<Role>| {
                    STAFF_ROLES
                        .iter()
                        .map(|r| view! { <option value=r.code() selected={current == Some(*r)}>{(t.role_name)(*r)}</option> })
                        .collect_view()
                };
                let rows = staff
                    .into_iter()
                    .map(|m| {
                        let id = m.id;
                        let name = m.name.clone();
                        let actions = if id == me_id {
                            view! { <td>{t.you}</td> }.into_any()
                        } else {
                            let code = code.clone();
                            view! {
                                <td>
                                    <form method="post" action="/api/staff/team/role" class="inline-form">
                                        <input type="hidden" name="agency" value=code.clone() />
                                        <input type="hidden" name="account_id" value=id.to_string() />
                                        <label for=format!("role-{id}") class="visually-hidden">{(t.new_role_for)(&name)}</label>
                                        <select id=format!("role-{id}") name="role">{role_options(Some(m.role))}</select>
                                        <button type="submit" class="button button-small button-secondary">{t.change}</button>
                                    </form>
                                    <form method="post" action="/api/staff/team/remove" class="inline-form">
                                        <input type="hidden" name="agency" value=code />
                                        <input type="hidden" name="account_id" value=id.to_string() />
                                        <button type="submit" class="button button-small button-secondary">{t.remove}</button>
                                    </form>
                                </td>
                            }
                            .into_any()
                        };
                        view! {
                            <tr id=format!("member-{id}")>
                                <th scope="row">{m.name}</th>
                                <td>{mask_id(&m.document_number)}</td>
                                <td>{(t.role_name)(m.role)}</td>
                                <td>{m.phone.masked()}</td>
                                {actions}
                            </tr>
                        }
                    })
                    .collect_view();
                let list = if rows.is_empty() {
                    view! { <p>{t.nobody}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{t.name}</th><th scope="col">{t.id_number}</th><th scope="col">{t.role}</th>
                                    <th scope="col">{t.phone}</th><th scope="col">{t.actions}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    <h2>{(t.heading_of)(summary.name.get(lang))}</h2>
                    {list}
                    <h2>{t.add_heading}</h2>
                    <form method="post" action="/api/staff/team/add" class="stack">
                        <input type="hidden" name="agency" value=code.clone() />
                        <div class="field">
                            <label for="staff-id">{t.id_label}</label>
                            <p class="hint" id="staff-id-hint">{t.id_hint}</p>
                            <input id="staff-id" name="id_number" type="text" inputmode="numeric" maxlength="12"
                                autocomplete="off" required=true aria-describedby="staff-id-hint" />
                        </div>
                        <div class="field">
                            <label for="staff-role">{t.role}</label>
                            <select id="staff-role" name="role">{role_options(None)}</select>
                        </div>
                        <button type="submit" class="button">{t.add}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
