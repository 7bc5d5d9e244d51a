//! Two-way SMS on the short code, through the Africa's Talking simulator over real HTTP:
//! delivery reports move messages to delivered or failed; STATUS, VERIFY and ratings are
//! answered once each (a retried callback gets no second reply), in the language asked; only
//! the applicant's phone learns an application's status; a flooding number stops being
//! answered; malformed callbacks are refused and change nothing. On SQLite and PostgreSQL.

use crate::accounts::{Browser, app_with_accounts, sign_in};
use crate::applications::submit_free;
use crate::helpers::{TestApp, all_dbs, connect};
use crate::outbox::pay_by_paybill;
use crate::payments::applied;
use app::contact::PhoneNumber;
use app::notifications::ports::{DeliveryReport, GatewayError, ProviderReceipt, SmsGateway};
use app::notifications::service::deliver_due;
use mlango::sim::SmsFailMode;
use std::sync::Arc;
use std::time::Duration;

fn phone(raw: &str) -> PhoneNumber {
    PhoneNumber::parse(raw).unwrap()
}

/// Texts the short code from `from` and sends what the outbox queued; returns the newest SMS
/// the phone received afterwards.
async fn ask(app: &TestApp, from: &str, text: &str) -> String {
    let before = app.sims.sms.messages(Some(&phone(from))).len();
    app.sims.sms.reply(&phone(from), text).await.expect("the inbound callback took it");
    deliver_due(&app.state).await.unwrap();
    let got = app.sims.sms.messages(Some(&phone(from)));
    assert_eq!(got.len(), before + 1, "one reply to {text:?}");
    got[0].text.clone()
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> u16 {
    app.client.post(format!("{}{path}", app.address)).form(form).send().await.unwrap().status().as_u16()
}

/// Waits (up to 10 s) until `count` messages have status `status`.
async fn wait_for_status(app: &TestApp, status: &str, count: i64) {
    for _ in 0..100 {
        let counts = app.store.notice_counts().await.unwrap();
        if counts.iter().any(|(s, n)| s == status && *n >= count) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {count} messages {status}: {:?}", app.store.notice_counts().await.unwrap());
}

#[tokio::test]
async fn the_short_code_answers_once_in_the_language_asked_and_delivery_is_reported_on_both_backends() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let (_, reference, bill) = applied(&app).await;
        pay_by_paybill(&app, &bill, "TWOWAY0001", 1).await;
        deliver_due(&app.state).await.unwrap();
        // The network reports both SMS (application received, then the receipt) delivered.
        wait_for_status(&app, "delivered", 2).await;
        let citizen = app.store.application(&reference).await.unwrap().unwrap().citizen_id;
        let notices = app.store.notices_of(citizen, 10).await.unwrap();
        assert_eq!(notices[0].status, "delivered", "{backend}");
        assert_eq!(notices[0].delivery_status.as_deref(), Some("Success"), "{backend}");

        // STATUS from the applicant's phone, written the way people write numbers.
        let reply = ask(&app, "0712 000 001", &format!("status {}", reference.to_lowercase())).await;
        assert!(
            reply
                .starts_with(&format!("Mlango: {reference} (Ordinary passport): Waiting for the agency. Promised by ")),
            "{backend}: {reply}"
        );
        let reply = ask(&app, "+254712000001", &format!("HALI {reference}")).await;
        assert!(
            reply.contains("Linasubiri idara. Tarehe iliyoahidiwa"),
            "{backend}: Kiswahili asked, Kiswahili answered: {reply}"
        );
        // Another number learns nothing about it.
        let reply = ask(&app, "254712000002", &format!("STATUS {reference}")).await;
        assert_eq!(
            reply,
            format!("Mlango: No application {reference} was made from this number. Check the reference and try again.")
        );

        // VERIFY a receipt, and a forgery.
        let receipt = app.store.payments_of(&bill).await.unwrap()[0].receipt_no.clone();
        let reply = ask(&app, "0733000000", &format!("verify {receipt}")).await;
        assert!(reply.starts_with(&format!("Mlango: Receipt {receipt} is genuine: KSh 6,")), "{backend}: {reply}");
        let reply = ask(&app, "0733000000", "VERIFY DOC-FAKE123").await;
        assert_eq!(reply, "Mlango: DOC-FAKE123 is not a Mlango receipt or document. Do not accept it.");
        let reply = ask(&app, "0733000000", "what?").await;
        assert!(reply.contains("Send STATUS and your application reference"), "{backend}: {reply}");

        // The provider retries a callback: recorded and answered once.
        let form = [
            ("from", "+254722000009"),
            ("to", "20222"),
            ("text", "help"),
            ("date", "x"),
            ("id", "ATPid_retried"),
            ("linkId", ""),
        ];
        for _ in 0..3 {
            assert_eq!(post_form(&app, "/callbacks/sms/inbound", &form).await, 200, "{backend}");
        }
        deliver_due(&app.state).await.unwrap();
        assert_eq!(app.sims.sms.messages(Some(&phone("0722000009"))).len(), 1, "{backend}: one reply");

        // Malformed callbacks: refused, nothing recorded.
        for bad in [
            vec![("from", "+254722000010"), ("text", "help")],
            vec![("from", "not a phone"), ("text", "help"), ("id", "ATPid_bad1")],
            vec![("from", "+254722000010"), ("text", "help"), ("id", "")],
        ] {
            assert_eq!(post_form(&app, "/callbacks/sms/inbound", &bad).await, 400, "{backend}: {bad:?}");
        }
        assert_eq!(app.store.replies_since("254722000010", 0).await.unwrap(), 0);
        assert_eq!(
            post_form(&app, "/callbacks/sms/delivery", &[("id", "ATXid_x"), ("status", "Teleported")]).await,
            400
        );
        assert_eq!(post_form(&app, "/callbacks/sms/delivery", &[("status", "Success")]).await, 400);
        assert_eq!(
            post_form(&app, "/callbacks/sms/delivery", &[("id", "ATXid_unknown"), ("status", "Success")]).await,
            200,
            "{backend}: a report for a message we do not know is acknowledged, so the provider stops"
        );

        // A flood from one number: ten answers an hour, the rest recorded only.
        for i in 0..12 {
            let id = format!("ATPid_flood{i}");
            let form = [("from", "0722000011"), ("to", "20222"), ("text", "help"), ("id", id.as_str())];
            assert_eq!(post_form(&app, "/callbacks/sms/inbound", &form).await, 200);
        }
        deliver_due(&app.state).await.unwrap();
        assert_eq!(app.sims.sms.messages(Some(&phone("0722000011"))).len(), 10, "{backend}");

        // A message the network cannot deliver is marked failed with its reason.
        app.sims.sms.set_fail(SmsFailMode::Undeliverable);
        app.sims.sms.reply(&phone("0722000012"), "help").await.unwrap();
        deliver_due(&app.state).await.unwrap();
        wait_for_status(&app, "failed", 1).await;
        app.sims.sms.set_fail(SmsFailMode::None);
    }
}

#[tokio::test]
async fn a_finished_application_is_announced_and_rated_once_and_the_agency_sees_the_rating() {
    for db in all_dbs().await {
        let backend = db.backend;
        let app = app_with_accounts(connect(&db).await, Some(db)).await;
        let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
        // Nothing to rate yet.
        let reply = ask(&app, "0712000001", "5").await;
        assert!(reply.starts_with("Mlango: There is no finished application"), "{backend}: {reply}");

        let reference = submit_free(&mut citizen).await;
        let mut ntsa = sign_in(&app, "10000007", "Harambee-Demo-2026", "0712000007").await;
        for action in ["start_review", "approve", "issue"] {
            let (status, _, body) = ntsa
                .api("/api/staff/applications/decide", &[("reference", reference.as_str()), ("action", action)])
                .await;
            assert_eq!(status, 200, "{backend}: {action}: {body}");
        }
        deliver_due(&app.state).await.unwrap();
        let stored = app.store.application(&reference).await.unwrap().unwrap();
        let doc = app.store.document_of_application(stored.id).await.unwrap().unwrap();
        let all = app.sims.sms.messages(Some(&phone("0712000001")));
        let texts: Vec<&str> = all.iter().map(|m| m.text.as_str()).collect();
        assert!(
            texts.contains(
                &format!("Mlango: {reference} (Driving test booking) is approved. We will tell you when it is ready.")
                    .as_str()
            ),
            "{backend}: {texts:?}"
        );
        let sms = all.iter().find(|m| m.text.contains("is complete")).expect("the issued message").text.clone();
        assert_eq!(
            sms,
            format!(
                "Mlango: {reference} (Driving test booking) is complete: document {}. How did we do? Reply 1 (poor) to 5 (excellent).",
                doc.number
            ),
            "{backend}"
        );

        let reply = ask(&app, "0712000001", " 4 ").await;
        assert_eq!(reply, format!("Mlango: Thank you. Your rating 4/5 for {reference} has been sent to the agency."));
        assert_eq!(app.store.rating_of(stored.id).await.unwrap(), Some(4), "{backend}");
        // Rated once: a second score changes nothing.
        let reply = ask(&app, "0712000001", "1").await;
        assert!(reply.starts_with("Mlango: There is no finished application"), "{backend}: {reply}");
        assert_eq!(app.store.rating_of(stored.id).await.unwrap(), Some(4));

        // VERIFY the document number gives what it is and the holder's initials only.
        let reply = ask(&app, "0733000001", &format!("verify {}", doc.number)).await;
        assert!(
            reply.starts_with(&format!("Mlango: {} is genuine: Driving test booking, issued on ", doc.number)),
            "{reply}"
        );

        let (_, html) = ntsa.page(&format!("/staff/applications/{reference}")).await;
        assert!(html.contains("4/5"), "{backend}: the agency sees the rating");
    }
}

#[tokio::test]
async fn messages_are_written_in_the_language_the_citizen_chose() {
    let db = crate::helpers::sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut citizen = sign_in(&app, "10000001", "Harambee-Demo-2026", "0712000001").await;
    for (lang, start) in [("sw", "Mlango: Tumepokea APP-"), ("en", "Mlango: We received APP-")] {
        // Choosing a language on any page, signed in, is remembered for the messages too.
        assert_eq!(citizen.page(&format!("/?lang={lang}")).await.0, 200);
        submit_free(&mut citizen).await;
        deliver_due(&app.state).await.unwrap();
        let sms = app.sims.sms.latest(&phone("0712000001")).unwrap().text;
        assert!(sms.starts_with(start), "{lang}: {sms}");
        let promised =
            if lang == "sw" { "Idara inaahidi uamuzi kufikia " } else { "The agency promises a decision by " };
        assert!(sms.contains(promised), "{lang}: {sms}");
    }

    // The network cannot deliver to the phone: the same message goes to the citizen's email.
    app.sims.sms.set_fail(SmsFailMode::Undeliverable);
    submit_free(&mut citizen).await;
    deliver_due(&app.state).await.unwrap();
    let key = app::accounts::ports::AccountKey::Document(app::accounts::identity::DocumentKind::NationalId, "10000001");
    let account = app.store.find_account(key).await.unwrap().unwrap();
    let mut moved = false;
    for _ in 0..100 {
        if app.store.notices_of(account.id, 1).await.unwrap()[0].channel == "email" {
            moved = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(moved, "the failed delivery report moves the message to email");
    deliver_due(&app.state).await.unwrap();
    let mail = app.sims.mail.latest(account.email.as_ref().unwrap()).expect("sent by email");
    assert!(mail.body.starts_with("Mlango: We received APP-"), "{}", mail.body);
    let newest = &app.store.notices_of(account.id, 1).await.unwrap()[0];
    assert_eq!((newest.channel.as_str(), newest.status.as_str()), ("email", "sent"));

    // The same when the network's "undeliverable" overtakes the provider's answer to the send.
    let mut racing = app.state.clone();
    racing.sms = Arc::new(ReportsFirst { inner: app.state.sms.clone(), store: app.store.clone() });
    let mails_before = app.sims.mail.messages(None).len();
    submit_free(&mut citizen).await;
    deliver_due(&racing).await.unwrap();
    let newest = &app.store.notices_of(account.id, 1).await.unwrap()[0];
    assert_eq!((newest.channel.as_str(), newest.status.as_str()), ("email", "sent"), "{newest:?}");
    assert_eq!(app.sims.mail.messages(None).len(), mails_before + 1);

    // The citizen sees every message, as sent, and how it went.
    let (status, html) = citizen.page("/account/messages").await;
    assert_eq!(status, 200);
    assert!(html.contains("Mlango: Tumepokea APP-") && html.contains("Mlango: We received APP-"), "{html}");
    assert!(html.contains("<td>Email</td>") && html.contains("<td>SMS</td>"), "{html}");
    assert_eq!(Browser::new(&app).page("/account/messages").await.0, 401, "signed out: the sign-in prompt");
}

/// A provider whose failure report reaches Mlango before its answer to the send does.
struct ReportsFirst {
    inner: Arc<dyn SmsGateway>,
    store: Arc<dyn app::store::Store>,
}

#[async_trait::async_trait]
impl SmsGateway for ReportsFirst {
    async fn send_sms(&self, to: &PhoneNumber, text: &str) -> Result<ProviderReceipt, GatewayError> {
        let receipt = self.inner.send_sms(to, text).await?;
        let report = DeliveryReport {
            message_id: receipt.message_id.clone(),
            status: "Failed".into(),
            failure_reason: "UserIsInactive".into(),
            phone: format!("+{}", to.as_str()),
            network_code: "63902".into(),
        };
        self.store.record_delivery_report(&report, Some("failed"), 0).await.expect("report recorded");
        Ok(receipt)
    }
}
