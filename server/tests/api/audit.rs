//! The platform admins' audit-log viewer: administrative changes appear with who made them,
//! narrowed by kind or by the person's ID number, paged by id; bad filters are explained;
//! nobody else may read it.

use crate::accounts::{app_with_accounts, sign_in};
use crate::helpers::{connect, sqlite_db};
use app::applications::calendar::Date;
use app::clock::Clock;

const PASSWORD: &str = "Harambee-Demo-2026";

#[tokio::test]
async fn platform_admins_read_the_audit_log_by_kind_and_person_and_nobody_else_does() {
    let db = sqlite_db();
    let app = app_with_accounts(connect(&db).await, Some(db)).await;
    let mut maker = sign_in(&app, "10000005", PASSWORD, "0712000005").await;
    let tomorrow = Date::from_days(Date::from_unix_eat(app.clock.now()).to_days() + 1).iso();
    let (status, _, body) = maker
        .api(
            "/api/staff/fees/propose",
            &[
                ("service", "immigration-passport-ordinary"),
                ("variant", "32-pages"),
                ("amount", "5000"),
                ("effective_from", tomorrow.as_str()),
                ("reason", "Finance Act 2026"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let mut admin = sign_in(&app, "10000008", PASSWORD, "0712000008").await;
    let (status, html) = admin.page("/staff/audit?kind=fee_change_proposed").await;
    assert_eq!(status, 200);
    assert!(html.contains("<code>fee_change_proposed</code>"), "{html}");
    assert!(
        html.contains(&format!("immigration-passport-ordinary 32-pages 455000 → 500000 from {tomorrow}")),
        "{html}"
    );
    let (_, html) = admin.page("/staff/audit?id_number=10000005").await;
    assert!(html.contains("fee_change_proposed"), "by the admin's ID number");
    let (_, html) = admin.page("/staff/audit?kind=fee_change_proposed&id_number=10000001").await;
    assert!(html.contains("No events match."), "{html}");
    let (_, html) = admin.page("/staff/audit?id_number=99999999").await;
    assert!(html.contains("No events match."), "nobody by that number: nothing, not everything");
    let (_, html) = admin.page("/staff/audit?before=1").await;
    assert!(html.contains("No events match."), "nothing older than the first event");
    for (bad, message) in [
        ("kind=Login%20Failed", "lower-case words joined by _"),
        ("id_number=1000-0001", "digits only"),
        ("before=-3", "does not exist"),
    ] {
        let (status, html) = admin.page(&format!("/staff/audit?{bad}")).await;
        assert!(status == 200 && html.contains("error-summary") && html.contains(message), "{bad}: {html}");
    }

    for (id, phone) in [("10000004", "0712000004"), ("10000005", "0712000005"), ("10000001", "0712000001")] {
        let mut other = sign_in(&app, id, PASSWORD, phone).await;
        assert_eq!(other.page("/staff/audit").await.0, 403, "{id}");
    }
}
