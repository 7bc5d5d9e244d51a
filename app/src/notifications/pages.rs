//! `/account/messages`: every message Mlango sent the citizen, as sent, with where it is
//! (waiting, sent, delivered, not delivered) and by which channel, newest first.

use crate::accounts::pages::{AccountNav, LoadError, SignInRequired, eat};
use crate::accounts::session::page_account;
use crate::i18n::Lang;
use crate::ssr::{request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Messages shown.
const SHOWN: u32 = 100;

struct Words {
    heading: &'static str,
    lead: &'static str,
    empty: &'static str,
    when: &'static str,
    channel: &'static str,
    message: &'static str,
    status: &'static str,
    not_yet: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            heading: "Your messages",
            lead: "Every SMS and email Mlango has sent you, and whether it arrived. If an SMS cannot reach your phone, it is sent to your email.",
            empty: "No messages yet.",
            when: "When",
            channel: "By",
            message: "Message",
            status: "Status",
            not_yet: "Not sent yet.",
        },
        Lang::Sw => Words {
            heading: "Jumbe zako",
            lead: "Kila SMS na barua pepe ambayo Mlango imekutumia, na kama ilifika. SMS isipofika kwenye simu yako, hutumwa kwa barua pepe yako.",
            empty: "Bado hakuna jumbe.",
            when: "Lini",
            channel: "Kwa",
            message: "Ujumbe",
            status: "Hali",
            not_yet: "Bado haujatumwa.",
        },
    }
}

/// The status of a message in words.
fn status_words(lang: Lang, status: &str) -> &'static str {
    match (lang, status) {
        (Lang::En, "queued") => "Waiting to be sent",
        (Lang::En, "sent") => "Sent",
        (Lang::En, "delivered") => "Delivered",
        (Lang::En, _) => "Not delivered",
        (Lang::Sw, "queued") => "Unasubiri kutumwa",
        (Lang::Sw, "sent") => "Umetumwa",
        (Lang::Sw, "delivered") => "Umefika",
        (Lang::Sw, _) => "Haukufika",
    }
}

/// `/account/messages`.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let lang = request_lang();
    let w = words(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    let load = async move { state?.store.notices_of(me.id, SHOWN).await.map_err(crate::accounts::service::store_err) };
    view! {
        <Title text=format!("{} – Mlango", w.heading) />
        <h1>{w.heading}</h1>
        <AccountNav />
        <p class="lead">{w.lead}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let notices = match load.await {
                    Ok(n) => n,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                if notices.is_empty() {
                    return view! { <p>{w.empty}</p> }.into_any();
                }
                let rows = notices
                    .into_iter()
                    .map(|n| {
                        let channel = if n.channel == "email" { "Email" } else { "SMS" };
                        view! {
                            <tr data-status=n.status.clone()>
                                <td>{eat(n.created_at)}</td>
                                <td>{channel}</td>
                                <td>{n.body.unwrap_or_else(|| w.not_yet.to_string())}</td>
                                <td>{status_words(lang, &n.status)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{w.when}</th>
                            <th scope="col">{w.channel}</th>
                            <th scope="col">{w.message}</th>
                            <th scope="col">{w.status}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
