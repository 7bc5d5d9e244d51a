//! `/staff/fees`: the agency admin's fee changes — propose one (choose the service, then the
//! option, new fee, date and reason), and approve, reject or withdraw those waiting. Plain
//! forms: it works without JavaScript.

use super::fees::{FEE_ROLES, FeeChangeState};
use super::texts::fee_texts;
use crate::accounts::api::{finish, reject};
use crate::accounts::pages::{FormError, LoadError, SignInRequired};
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize, page_account};
use crate::error::AppError;
use crate::money::Money;
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Proposes a fee change (maker).
#[server(prefix = "/api", endpoint = "staff/fees/propose")]
pub async fn propose_fee_change(
    service: String,
    variant: String,
    amount: String,
    effective_from: String,
    reason: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(FEE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::fees::propose(&state, &caller, &service, &variant, &amount, &effective_from, &reason)
        .await
        .map(|id| NextStep { to: format!("/staff/fees#change-{id}"), cookie: None });
    finish(result)
}

/// Approves or rejects a change another admin proposed (checker), or withdraws one's own.
#[server(prefix = "/api", endpoint = "staff/fees/decide")]
pub async fn decide_fee_change(change_id: i64, decision: String, note: Option<String>) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(FEE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = super::fees::decide_change(&state, &caller, change_id, &decision, note.as_deref().unwrap_or(""))
        .await
        .map(|()| NextStep { to: format!("/staff/fees#change-{change_id}"), cookie: None });
    finish(result)
}

/// `/staff/fees`.
#[component]
pub fn FeesPage() -> impl IntoView {
    let lang = request_lang();
    let t = fee_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let chosen = query_param("service").unwrap_or_default();
    let state = state();
    let caller = authorize(Access::Roles(FEE_ROLES));
    let load = async move {
        caller?;
        let state = state?;
        let agency = me.agency.clone().ok_or(AppError::Forbidden)?;
        let changes = state.store.fee_changes_of(&agency, 100).await.map_err(crate::accounts::service::store_err)?;
        let live = state.catalogue.current();
        // An agency's services are few enough to list (a county has a few hundred).
        let services: Vec<_> =
            live.catalogue.services().iter().filter(|s| s.agency.as_str() == agency).cloned().collect();
        Ok::<_, AppError>((changes, services))
    };
    let me_id = me.id;
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        <FormError endpoints=&["/api/staff/fees/propose", "/api/staff/fees/decide"] />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (changes, services) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let name_of = |code: &str| {
                    services.iter().find(|s| s.code.as_str() == code).map(|s| s.name.get(lang).to_string()).unwrap_or(code.to_string())
                };
                let selected = services.iter().find(|s| s.code.as_str() == chosen.trim());
                let money = |minor: i64, s: Option<&std::sync::Arc<crate::catalogue::model::Service>>| {
                    let currency = s.map(|s| s.fees.currency).unwrap_or(crate::money::Currency::Kes);
                    Money { minor, currency }.to_string()
                };
                let step_one = view! {
                    <form method="get" action="/staff/fees" class="stack">
                        <div class="field">
                            <label for="fee-service">{t.service_label}</label>
                            <select id="fee-service" name="service">
                                {services.iter().map(|s| view! {
                                    <option value=s.code.to_string() selected=selected.is_some_and(|c| c.code == s.code)>{s.name.get(lang).to_string()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button-secondary">{t.choose_service}</button>
                    </form>
                };
                let step_two = selected.map(|s| view! {
                    <form method="post" action="/api/staff/fees/propose" class="stack">
                        <input type="hidden" name="service" value=s.code.to_string() />
                        <div class="field">
                            <label for="fee-variant">{t.option_label}</label>
                            <select id="fee-variant" name="variant">
                                {s.fees.variants.iter().map(|v| view! {
                                    <option value=v.code.clone()>{(t.option_now)(v.label.get(lang), &money(v.amount_minor, Some(s)))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="fee-amount">{t.amount_label}</label>
                            <p class="hint" id="fee-amount-hint">{t.amount_hint}</p>
                            <input id="fee-amount" name="amount" type="text" inputmode="decimal" required=true aria-describedby="fee-amount-hint" />
                        </div>
                        <div class="field">
                            <label for="fee-date">{t.date_label}</label>
                            <p class="hint" id="fee-date-hint">{t.date_hint}</p>
                            <input id="fee-date" name="effective_from" type="date" required=true aria-describedby="fee-date-hint" />
                        </div>
                        <div class="field">
                            <label for="fee-reason">{t.reason_label}</label>
                            <p class="hint" id="fee-reason-hint">{t.reason_hint}</p>
                            <textarea id="fee-reason" name="reason" rows="2" maxlength="500" required=true aria-describedby="fee-reason-hint"></textarea>
                        </div>
                        <button type="submit" class="button">{t.propose}</button>
                    </form>
                });
                let list = if changes.is_empty() {
                    view! { <p>{t.no_changes}</p> }.into_any()
                } else {
                    let items = changes
                        .iter()
                        .map(|c| {
                            let service = services.iter().find(|s| s.code.as_str() == c.service_code);
                            let option = service.and_then(|s| s.fees.variant(&c.variant_code)).map(|v| v.label.get(lang).to_string()).unwrap_or(c.variant_code.clone());
                            let pending = c.state == FeeChangeState::Proposed;
                            let mine = c.proposed_by == me_id;
                            let id = c.id;
                            view! {
                                <li id=format!("change-{id}") class="card">
                                    <h3>{name_of(&c.service_code)}" – "{option}</h3>
                                    <p><strong>{(t.state)(c.state)}</strong></p>
                                    <p>{(t.change_line)(&money(c.old_amount_minor, service), &money(c.new_amount_minor, service), &c.effective_from)}</p>
                                    <p>{(t.proposed_by)(&c.proposed_by_name, &c.reason)}</p>
                                    {(!c.decision_note.is_empty()).then(|| view! { <p>{c.decision_note.clone()}</p> })}
                                    {(pending && mine).then(|| view! {
                                        <p class="hint">{t.waiting_for_other}</p>
                                        <form method="post" action="/api/staff/fees/decide">
                                            <input type="hidden" name="change_id" value=id.to_string() />
                                            <button type="submit" name="decision" value="withdraw" class="button button-secondary">{t.withdraw}</button>
                                        </form>
                                    })}
                                    {(pending && !mine).then(|| view! {
                                        <form method="post" action="/api/staff/fees/decide" class="stack">
                                            <input type="hidden" name="change_id" value=id.to_string() />
                                            <div class="field">
                                                <label for=format!("note-{id}")>{t.note_label}</label>
                                                <textarea id=format!("note-{id}") name="note" rows="2" maxlength="500"></textarea>
                                            </div>
                                            <div class="button-row">
                                                <button type="submit" name="decision" value="approve" class="button">{t.approve}</button>
                                                <button type="submit" name="decision" value="reject" class="button button-secondary">{t.reject}</button>
                                            </div>
                                        </form>
                                    })}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="cards">{items}</ul> }.into_any()
                };
                view! {
                    <h2>{t.propose_heading}</h2>
                    {step_one}
                    {step_two}
                    <h2>{t.changes_heading}</h2>
                    {list}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
