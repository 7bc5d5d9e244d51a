//! `/staff/finance`: the agency's settlement report for its finance officers and admins, with
//! a CSV download of the same figures.

use crate::accounts::pages::{FormError, LoadError, SignInRequired};
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::calendar::Date;
use crate::applications::pages::money;
use crate::error::AppError;
use crate::payments::refunds::{Refund, RefundState};
use crate::payments::settlement::{FINANCE_ROLES, agency_settlement};
use crate::payments::texts::SettlementTexts;
use crate::payments::texts::settlement_texts;
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// The settlement report page.
#[component]
pub fn FinancePage() -> impl IntoView {
    let lang = request_lang();
    let t = settlement_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let (from, to) = (query_param("from"), query_param("to"));
    let resolved = crate::staff::reconciliation_page::wants_resolved();
    let seek = crate::staff::reconciliation_page::resolved_seek();
    let state = state();
    let caller = authorize(Access::Roles(FINANCE_ROLES));
    let load = async move {
        let state = state?;
        let caller = caller?;
        let (agency, period, rows) = agency_settlement(&state, &caller, from.as_deref(), to.as_deref()).await?;
        let refunds = state.store.refunds_of_agency(&agency, 100).await.map_err(crate::accounts::service::store_err)?;
        let me = caller.account()?.id;
        let exceptions = crate::staff::reconciliation::exceptions_for(&state, &caller, resolved, &seek).await?;
        Ok::<_, AppError>((state, period, rows, refunds, me, exceptions))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.intro}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (state, period, rows, refunds, me, exceptions) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let live = state.catalogue.current();
                let (from, to) = (period.from.iso(), period.to.iso());
                let csv = format!("/staff/finance/settlement.csv?from={from}&to={to}");
                let totals = rows.iter().fold((0, 0, 0), |t, r| (t.0 + r.payments, t.1 + r.revenue_minor, t.2 + r.convenience_minor));
                let body = rows
                    .iter()
                    .map(|r| {
                        let name = live.catalogue.service(&r.service_code).map(|s| s.name.get(lang).to_string()).unwrap_or(r.service_code.clone());
                        view! {
                            <tr>
                                <td>{Date::from_days(r.day).iso()}</td>
                                <td>{name}</td>
                                <td class="num">{r.payments}</td>
                                <td class="num">{money(Some(r.revenue_minor), Some("KES"))}</td>
                                <td class="num">{money(Some(r.convenience_minor), Some("KES"))}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let content = if rows.is_empty() {
                    view! { <p>{t.empty}</p> }.into_any()
                } else {
                    view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{t.date}</th><th scope="col">{t.service}</th><th scope="col">{t.payments}</th>
                            <th scope="col">{t.fees}</th><th scope="col">{t.convenience}</th>
                        </tr></thead>
                        <tbody>{body}</tbody>
                        <tfoot><tr>
                            <th scope="row" colspan="2">{t.total}</th>
                            <td class="num">{totals.0}</td>
                            <td class="num">{money(Some(totals.1), Some("KES"))}</td>
                            <td class="num">{money(Some(totals.2), Some("KES"))}</td>
                        </tr></tfoot>
                    </table>
                    }
                    .into_any()
                };
                view! {
                    <form method="get" action="/staff/finance" class="inline-form">
                        <label for="from">{t.from}</label>
                        <input id="from" name="from" type="date" value=from.clone() />
                        <label for="to">{t.to}</label>
                        <input id="to" name="to" type="date" value=to.clone() />
                        <button type="submit" class="button">{t.show}</button>
                    </form>
                    {content}
                    <p><a href=csv>{t.download}</a></p>
                    {refunds_section(t, &refunds, me)}
                    {crate::staff::reconciliation_page::exceptions_section(
                        lang,
                        "/staff/finance",
                        exceptions,
                        resolved,
                        state.clock.now(),
                        crate::staff::reconciliation_texts::reconciliation_texts(lang).section_heading,
                        crate::staff::reconciliation_texts::reconciliation_texts(lang).section_lead,
                    )}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The refunds section: ask for one, and decide those others asked for.
fn refunds_section(t: &'static SettlementTexts, refunds: &[Refund], me: i64) -> impl IntoView {
    let rows = refunds
        .iter()
        .map(|r| {
            let state = t.states[match r.state {
                RefundState::Requested => 0,
                RefundState::Approved => 1,
                RefundState::Rejected => 2,
            }];
            let actions = match (r.state, r.requested_by == me) {
                (RefundState::Requested, true) => view! { {t.waiting_for_other} }.into_any(),
                (RefundState::Requested, false) => {
                    let id = r.id.to_string();
                    let note_id = format!("note-{}", r.id);
                    view! {
                        <form method="post" action="/api/payments/refunds/decide" class="stack">
                            <input type="hidden" name="refund_id" value=id.clone() />
                            <label for=note_id.clone()>{t.note}</label>
                            <input id=note_id name="note" type="text" maxlength="500" />
                            <button type="submit" name="decision" value="approve" class="button">{t.approve}</button>
                            <button type="submit" name="decision" value="reject" class="button button-secondary">{t.reject}</button>
                        </form>
                    }
                    .into_any()
                }
                _ => view! { {r.decision_note.clone()} }.into_any(),
            };
            view! {
                <tr>
                    <td><code>{r.receipt_no.clone()}</code></td>
                    <td class="num">{money(Some(r.amount_minor), Some("KES"))}" / "{money(Some(r.payment_minor), Some("KES"))}</td>
                    <td>{r.reason.clone()}</td>
                    <td>{r.requested_by_name.clone()}</td>
                    <td>{state}</td>
                    <td>{actions}</td>
                </tr>
            }
        })
        .collect_view();
    let list = if refunds.is_empty() {
        view! { <p>{t.no_refunds}</p> }.into_any()
    } else {
        view! {
            <table>
                <thead><tr>
                    <th scope="col">{t.receipt}</th><th scope="col">{t.amount}</th><th scope="col">{t.reason}</th>
                    <th scope="col">{t.asked_by}</th><th scope="col">{t.status}</th><th scope="col"></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section id="refunds">
            <h2>{t.refunds}</h2>
            <p>{t.refunds_intro}</p>
            <FormError endpoints=&["/api/payments/refunds/request", "/api/payments/refunds/decide"] />
            <form method="post" action="/api/payments/refunds/request" class="stack">
                <div class="field">
                    <label for="receipt_no">{t.receipt}</label>
                    <input id="receipt_no" name="receipt_no" type="text" autocomplete="off" required=true />
                </div>
                <div class="field">
                    <label for="amount">{t.amount}</label>
                    <input id="amount" name="amount" type="text" inputmode="decimal" required=true />
                </div>
                <div class="field">
                    <label for="reason">{t.reason}</label>
                    <textarea id="reason" name="reason" rows="2" maxlength="500" required=true></textarea>
                </div>
                <button type="submit" class="button">{t.ask}</button>
            </form>
            {list}
        </section>
    }
}
