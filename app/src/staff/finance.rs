//! `/staff/finance`: the agency's settlement report for its finance officers and admins, with
//! a CSV download of the same figures.

use crate::accounts::pages::{LoadError, SignInRequired};
use crate::accounts::session::{Access, authorize, page_account};
use crate::applications::calendar::Date;
use crate::applications::pages::money;
use crate::error::AppError;
use crate::payments::settlement::{FINANCE_ROLES, agency_settlement};
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
    let state = state();
    let caller = authorize(Access::Roles(FINANCE_ROLES));
    let load = async move {
        let state = state?;
        let caller = caller?;
        let (_, period, rows) = agency_settlement(&state, &caller, from.as_deref(), to.as_deref()).await?;
        Ok::<_, AppError>((state, period, rows))
    };
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.intro}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (state, period, rows) = match load.await {
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
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
