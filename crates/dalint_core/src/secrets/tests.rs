//! The detector's labelled table: true secrets, placeholders and non-secrets, each in its
//! context. Every secret here is synthetic (random characters made for these tests).

use super::*;

const STRIPE: &str = "sk_live_NaNKNYd7pMCapFTzdbKB1Ga8";
const GITHUB: &str = "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";
const GITHUB_PAT: &str =
    "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";
const GITLAB: &str = "glpat-OxyR2MwqIZu29XoqgHXN";
const SLACK: &str = "xoxb-979954494494-7495692002275-Dlr3qBiwBNPBACZMzla6MkXp";
const SLACK_HOOK: &str = "TSA2OA451/BI2BY9CX3/Wo7hq5onH1ap2Iyl7TY3DjN6";
const AWS: &str = "AKIAOZZCMYR6I5FCAFDG";
const GOOGLE: &str = "AIzaInXpYsPQQgd-1OWUyTC_BbE88rijjE2FdKm";
const TWILIO: &str = "SK3b5e0f3e7c8e40712b596ba931fe97ea";
const SENDGRID: &str = "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";
const OPENAI: &str = "sk-proj-Ho90HzkbacCQTLrKdsmvT3BlbkFJm8XrvjZDw5rEOLXy8cFI";
const ANTHROPIC: &str =
    "sk-ant-api03-mUxYkHrq_FmNGwDBq7QhNKAYJE3ZDda1RhUayZFQUzboYRrhoL3fbolcHMvHm5OzBv3wRKv_vhqCdn18YIyH353kCoMHVAA";
const AZURE: &str = "Bnk8Q~Q5SZ7kCMplShiA40AE8FJj0wsdfs_MfmHz";
const HUBSPOT: &str = "pat-na1-b7522090-93e4-4db2-8e97-4f6276a29efc";
const SHOPIFY: &str = "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";
const OKTA: &str = "00wX7UQuY_rVG7oZO79ZlUIvFxI5OKfZvGJuvNl7UR";
const NPM: &str = "npm_cno8Hu9lnskm7WQNjzm7PkysK5tH7aOr2idT";
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkYWxpbnQtZml4dHVyZSIsImlhdCI6MTc2NzIyNTYwMCwic2NvcGUiOiJldmVudHM6d3JpdGUifQ.BHufSBsBfpa141X1WkgxuEFqLNZ_7RSttQWkWakiqx1";
const MAILCHIMP: &str = "2478c813ccc8d69304aee0f035d747a9-us14";
const TELEGRAM: &str = "427198333:AAPWK6xNXxW0bShyNOCereMmAaTpeeAhSys";
const RANDOM32: &str = "cDmLJQCmcwZb2oh6Pqw7nfbQfpzdWbEL";
const RANDOM28: &str = "g9qAD0P97XOD07V15pmLrBtrTFNr";
const RANDOM40: &str = "k4xRaVYZ7R0KjLrYWxaH6kNcLkcmlrY6vy1PnOGJ";
const HEX32: &str = "1d2a77ac7baa1db27fc7843ed9af2e91";
const BASE64_KEY: &str = "q3Zk8Xw0c2VjcmV0S2V5Rm9yVGVzdHM9PQ+/Lm4=";
const UUID_KEY: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
/// An Azure Functions key of the older format (40 random bytes in base64).
const FUNCTION_KEY: &str = "F6djzXcFmElb3bJq03bxO3t6DPt7hQJkS5baLvb8kVG6fq1z4LYqnJ==";
/// An Azure Functions key of the identifiable format (`…AzFu…==`).
const FUNCTION_KEY_AZFU: &str = "m5UMMhNbAPq0cE0lZ5kcxe_qZyAJ2caVu2hcvAkH3ya_AzFu6o46MQ==";
const SALESFORCE: &str =
    "009Zqc9fR5WLIcc!svOu1CnVtCFck04NGxxN.Y5IQpwufwiZ_KgCCRmcSQVwnFe3FoW0WjBwj0Z2y0p6Y_4bQtd0zpUr0i18PDKfFrH.Zbvsuf00";
const HUGGINGFACE: &str = "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";
const ATLASSIAN: &str = "ATATT39ffhcvjOd-JYZ6zp-pRL7EeTJF40d_4AQ9O-LOZOfnaN7HkxMKUsdu_xEl-iEovHzHtxW9dkQsDrdz0CuDCABgovQ3rXnpiuwWFkOMkynSPF_U3kD-uKjqxbzIfraayEa0wnlroTU1opXWyXjwDw3b9cXkHB6Pdp39f-HypwQQy7PjJYQgwz=904ED878";
const PASSWORD: &str = "5CIM3R#0sTGA";
/// [`PASSWORD`] as a URL carries it (`#` percent-encoded).
const URL_PASSWORD: &str = "5CIM3R%230sTGA";
/// base64 of `svc-dalint:TH7e7l9KPqPbZM`.
const BASIC: &str = "c3ZjLWRhbGludDpUSDdlN2w5S1BxUGJaTQ==";
const PEM: &str = "-----BEGIN RSA PRIVATE KEY-----\nqH0Tz0IpZkWxcnWSlJUjjNPQ0p0XbsK7fWbI63hiRpzt9KU/602rOD41Xokg1XPR\n7/K4nUUy9n1wFPLeoIoevzVoK2U3CH7FNdjIlq+9Ck5SZuTMARHTk76hlls9PTVL\nL1yOv5H2tL0sUZdZgwy5JV70kQbkKr3H8P8vTVxewxY0w3INHdjcvS4OpY7nyPqr\n-----END RSA PRIVATE KEY-----";
const IMAGE: &str = "tFFx442fRM4YpcldhhNny/62kWNQ+kLBq4Mm4e1mJBKnaUB5oHQaV6fH7zpje/Kh46D4edjX99BjeOIuD3dZ2Mow73MvDSro3V5w3nSSVEESOVEJjnn/PD460PV435gz0nnAQfXu8dmPDYYp5JE0IzkPuuh2BNypoU4AFu9D6sF9jQefBC655Z5BQrEesDQZXmfdonEq29rMWn795Q1Dn/gN7xFylzUrNbuMxz2H7sKw0B28/Yc0BlFZ2VFl2yQV0oUV4XQSSPfWK3WO/WRIPPISi4u245QLRMrXEHFQ/6O/";

enum Ctx {
    Header(&'static str),
    Url,
    Body,
    Other(Option<&'static str>),
}

impl Ctx {
    fn context(&self) -> Context<'static> {
        match self {
            Ctx::Header(name) => Context::header(name),
            Ctx::Url => Context::url(),
            Ctx::Body => Context::body(),
            Ctx::Other(field) => Context::other(*field),
        }
    }
}

/// `(context, input, expected: (text of the finding, kind, placeholder))`.
type Row = (Ctx, String, Vec<(String, &'static str, bool)>);

fn secret(text: &str, kind: &'static str) -> Vec<(String, &'static str, bool)> {
    vec![(text.to_owned(), kind, false)]
}

fn placeholder(text: &str, kind: &'static str) -> Vec<(String, &'static str, bool)> {
    vec![(text.to_owned(), kind, true)]
}

fn table() -> Vec<Row> {
    use Ctx::*;
    let f = |s: &str| s.to_owned();
    vec![
        // True secrets, by position.
        (Header("Authorization"), format!("Bearer {STRIPE}"), secret(STRIPE, "stripe_key")),
        (Header("authorization"), format!("Token {RANDOM40}"), secret(RANDOM40, "bearer_token")),
        (Header("Authorization"), format!("SSWS {OKTA}"), secret(OKTA, "okta_token")),
        (Header("Authorization"), format!("ApiKey {RANDOM32}"), secret(RANDOM32, "bearer_token")),
        (Header("Authorization"), format!("Basic {BASIC}"), secret(BASIC, "basic_auth")),
        (
            Header("Authorization"),
            f("Basic $encoding.base64(\"svc-dalint:TH7e7l9KPqPbZM\")"),
            secret("svc-dalint:TH7e7l9KPqPbZM", "basic_auth"),
        ),
        (
            Header("Authorization"),
            f("Basic $encoding.base64(\"${credentials.user}:TH7e7l9KPqPbZM\")"),
            secret("TH7e7l9KPqPbZM", "basic_auth"),
        ),
        (Header("Authentication"), format!("Bearer {JWT}"), secret(JWT, "jwt")),
        (Header("Authorization"), f(RANDOM40), secret(RANDOM40, "bearer_token")),
        (Header("x-api-key"), f(RANDOM32), secret(RANDOM32, "header_secret")),
        (Header("Ocp-Apim-Subscription-Key"), f(HEX32), secret(HEX32, "header_secret")),
        (Header("x-api-key"), f("helloworld2024"), secret("helloworld2024", "header_secret")),
        (Header("X-Auth-Token"), f(SHOPIFY), secret(SHOPIFY, "shopify_token")),
        (Header("private-token"), f(GITLAB), secret(GITLAB, "gitlab_token")),
        (Header("api-key"), f(AZURE), secret(AZURE, "azure_client_secret")),
        (Header("X-Partner-Auth"), f(RANDOM28), secret(RANDOM28, "header_secret")),
        // Vendor auth headers, whatever the value's alphabet (hex, base64, UUID).
        (Header("X-Acme-Auth"), f(HEX32), secret(HEX32, "header_secret")),
        (Header("Acme-Auth-Key"), f(RANDOM32), secret(RANDOM32, "header_secret")),
        (Header("X-Acme-Access-Key"), f(BASE64_KEY), secret(BASE64_KEY, "header_secret")),
        (Header("X-Acme-Signature"), f(HEX32), secret(HEX32, "header_secret")),
        (Header("X-Acme-Auth"), f(UUID_KEY), secret(UUID_KEY, "header_secret")),
        (Header("Private-Token"), f(RANDOM28), secret(RANDOM28, "header_secret")),
        (Header("X-Partner"), format!("Bearer {RANDOM28}"), secret(RANDOM28, "bearer_token")),
        (Url, format!("https://svc:{URL_PASSWORD}@api.partner.example.com/v1"), secret(URL_PASSWORD, "url_password")),
        (Url, format!("https://api.partner.example.com/v1?q=${{input.q}}&api_key={RANDOM32}&x=1"), secret(RANDOM32, "query_secret")),
        (Url, format!("https://maps.example.com/geo?key={GOOGLE}"), secret(GOOGLE, "google_api_key")),
        (Url, format!("https://api.openweathermap.org/data/2.5/weather?q=${{input.city}}&APPID={HEX32}"), secret(HEX32, "query_secret")),
        (Url, format!("https://x.blob.core.windows.net/c/f?sv=2022-11-02&sig={RANDOM40}"), secret(RANDOM40, "query_secret")),
        (Url, format!("https://hooks.slack.com/services/{SLACK_HOOK}"), secret(SLACK_HOOK, "slack_webhook")),
        (Url, format!("https://api.telegram.org/bot{TELEGRAM}/sendMessage"), secret(TELEGRAM, "telegram_bot_token")),
        (
            Body,
            format!("{{\"client_id\": \"${{input.id}}\", \"client_secret\": \"{RANDOM32}\", \"q\": \"$esc.jsonString(${{input.q}})\"}}"),
            secret(RANDOM32, "body_field_secret"),
        ),
        (Body, format!("grant_type=client_credentials&client_id=abc&client_secret={RANDOM40}"), secret(RANDOM40, "body_field_secret")),
        (Body, format!("<Auth><User>svc</User><Password>{PASSWORD}</Password></Auth>"), secret(PASSWORD, "body_field_secret")),
        (Body, format!("{{{{json.stringify({{\"api_key\": \"{RANDOM28}\", \"q\": \"{{{{system.queueId}}}}\"}})}}}}"), secret(RANDOM28, "body_field_secret")),
        (Body, format!("{{\"password\": \"{PASSWORD}\"}}"), secret(PASSWORD, "body_field_secret")),
        (Body, format!("{{\"note\": \"key {SENDGRID} here\"}}"), secret(SENDGRID, "sendgrid_key")),
        (Body, format!("{{\"key_pem\": \"{PEM}\"}}"), secret(PEM, "pem_private_key")),
        (Body, format!("#set($t = \"{GITHUB}\")\n{{\"token\": \"$t\"}}"), secret(GITHUB, "github_token")),
        (Body, format!("{{\"aws\": \"{AWS}\"}}"), secret(AWS, "aws_access_key_id")),
        (Body, format!("{{\"x\": \"{HUBSPOT}\"}}"), secret(HUBSPOT, "hubspot_token")),
        (Body, format!("{{\"x\": \"{TWILIO}\"}}"), secret(TWILIO, "twilio_api_key")),
        (Body, format!("{{\"model\": \"gpt\", \"k\": \"{OPENAI}\"}}"), secret(OPENAI, "openai_key")),
        (Body, format!("{{\"k\": \"{ANTHROPIC}\"}}"), secret(ANTHROPIC, "anthropic_key")),
        (Body, format!("{{\"k\": \"{SLACK}\"}}"), secret(SLACK, "slack_token")),
        (Body, format!("{{\"k\": \"{NPM}\"}}"), secret(NPM, "npm_token")),
        (Body, format!("{{\"k\": \"{GITHUB_PAT}\"}}"), secret(GITHUB_PAT, "github_token")),
        (Body, format!("{{\"k\": \"{MAILCHIMP}\"}}"), secret(MAILCHIMP, "mailchimp_key")),
        (Url, format!("https://fn-orders.azurewebsites.net/api/Lookup?code={FUNCTION_KEY}&id=${{input.id}}"), secret(FUNCTION_KEY, "query_secret")),
        (Url, f("https://fn-orders.azurewebsites.net/api/Lookup?code=q7Lm2Xw9Rt4Kp8Zv&id=1"), secret("q7Lm2Xw9Rt4Kp8Zv", "query_secret")),
        (Url, format!("https://fn.example.com/api/Lookup?code={FUNCTION_KEY}"), secret(FUNCTION_KEY, "query_secret")),
        (Url, format!("https://fn.example.com/api/Lookup?code={}%3D%3D", &FUNCTION_KEY[..54]), secret(&format!("{}%3D%3D", &FUNCTION_KEY[..54]), "query_secret")),
        (Url, format!("https://api.example.com/x?code={FUNCTION_KEY_AZFU}"), secret(FUNCTION_KEY_AZFU, "azure_function_key")),
        (Body, format!("{{\"note\": \"key {FUNCTION_KEY_AZFU}\"}}"), secret(FUNCTION_KEY_AZFU, "azure_function_key")),
        (Header("x-functions-key"), f(FUNCTION_KEY), secret(FUNCTION_KEY, "header_secret")),
        (
            Body,
            format!("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Header><wsse:Security><wsse:UsernameToken><wsse:Username>svc</wsse:Username><wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">{PASSWORD}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header></soapenv:Envelope>"),
            secret(PASSWORD, "body_field_secret"),
        ),
        (Body, format!("<ns1:Auth><ns1:apiKey>{RANDOM32}</ns1:apiKey></ns1:Auth>"), secret(RANDOM32, "body_field_secret")),
        (Body, format!("<auth user=\"svc\" password=\"{PASSWORD}\"/>"), secret(PASSWORD, "body_field_secret")),
        (Body, format!("<login apiKey='{RANDOM28}'><q>${{input.q}}</q></login>"), secret(RANDOM28, "body_field_secret")),
        (Header("Authorization"), format!("Bearer {SALESFORCE}"), secret(SALESFORCE, "salesforce_token")),
        (Body, format!("{{\"note\": \"token {HUGGINGFACE}\"}}"), secret(HUGGINGFACE, "huggingface_token")),
        (Header("X-Jira"), f(ATLASSIAN), secret(ATLASSIAN, "atlassian_token")),
        (Other(Some("default")), f(STRIPE), secret(STRIPE, "stripe_key")),
        (Other(Some("apiKey")), f(RANDOM32), secret(RANDOM32, "field_secret")),
        (Other(Some("successTemplate")), format!("{{\"token\": \"{RANDOM40}\"}}"), secret(RANDOM40, "body_field_secret")),
        // Placeholders.
        (Header("Authorization"), f("Bearer <YOUR TOKEN>"), placeholder("<YOUR TOKEN>", "bearer_token")),
        (
            Header("Authorization"),
            f("Bearer 123-abc-12345678-1234-1234-1234-1234567890ab"),
            placeholder("123-abc-12345678-1234-1234-1234-1234567890ab", "bearer_token"),
        ),
        (Header("Authorization"), f("Basic dXNlcm5hbWU6cGFzc3dvcmQ="), placeholder("dXNlcm5hbWU6cGFzc3dvcmQ=", "basic_auth")),
        (Header("Authorization"), f("Bearer token"), placeholder("token", "bearer_token")),
        (Header("x-api-key"), f("xxxxxxxxxxxxxxxx"), placeholder("xxxxxxxxxxxxxxxx", "header_secret")),
        (Header("X-Auth-Token"), f("<token>"), placeholder("<token>", "header_secret")),
        (Header("x-api-key"), f("mysupersecretapikey"), placeholder("mysupersecretapikey", "header_secret")),
        (Url, f("https://api.example.com/v1?api_key=your_api_key"), placeholder("your_api_key", "query_secret")),
        (Url, f("https://api.example.com/{apiKey}/data"), placeholder("{apiKey}", "placeholder")),
        (Url, f("ENTER_YOUR_WEBHOOK_URL"), placeholder("ENTER_YOUR_WEBHOOK_URL", "placeholder")),
        (Body, f("{\"serverId\": \"32298\", \"APIKey\": \"[YOUR API KEY]\"}"), placeholder("[YOUR API KEY]", "body_field_secret")),
        (Body, f("{\"password\": \"changeme\"}"), placeholder("changeme", "body_field_secret")),
        (Body, f("{\"k\": \"ghp_16C7e42F292c6912E7710c838347Ae178B4a\"}"), placeholder("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "github_token")),
        (Body, f("{\"id\": \"AKIAIOSFODNN7EXAMPLE\"}"), placeholder("AKIAIOSFODNN7EXAMPLE", "aws_access_key_id")),
        // Not secrets.
        (Header("Authorization"), f("Bearer ${credentials.token}"), vec![]),
        (Header("Authorization"), f("Bearer {{secureData(\"partner_api_key_prod\")}}"), vec![]),
        (Header("Authorization"), f("Basic $encoding.base64(\"${credentials.user}:${credentials.pass}\")"), vec![]),
        (Header("Authorization"), f("Basic $encoding.base64(\"${credentials.user}:${credentials.pass}\""), vec![]),
        (Header("Authorization"), f("Bearer $!{authResponse.access_token}"), vec![]),
        (Header("Authorization"), f("Digest username=\"svc\", realm=\"x\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""), vec![]),
        (Header("x-api-key"), f("${input.apikey}"), vec![]),
        (Header("Content-Type"), f("application/json"), vec![]),
        (Header("User-Agent"), f("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0"), vec![]),
        (Header("If-None-Match"), f("\"33a64df551425fcc55e4d42a148795d9f25f89d4\""), vec![]),
        (Header("ETag"), f("W/\"0815c7d1a2b3e4f5a6b7c8d9e0f1a2b3\""), vec![]),
        (Header("X-Request-Id"), f(RANDOM28), vec![]),
        (Header("X-Acme-Signature-Method"), f("HMAC-SHA256"), vec![]),
        (Header("X-Acme-Auth-Type"), f("ApiKey2"), vec![]),
        (Header("Accept-Datetime"), f(RANDOM28), vec![]),
        (Header("X-Idempotency-Key"), f(UUID_KEY), vec![]),
        (Header("X-Api-Version"), f("2023-10-01"), vec![]),
        (Header("X-Correlation"), f("3f0c6a1e-9b7d-4c2a-8e5f-1d2c3b4a5e6f"), vec![]),
        (Url, f("https://api.github.com/repos/o/r/commits/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"), vec![]),
        (Url, f("/api/v2/users/3f0c6a1e-9b7d-4c2a-8e5f-1d2c3b4a5e6f/presence"), vec![]),
        (Url, f("https://api.example.com/v1/items?pageToken=Zk3vQ9pL0aXw7Rt2q7Lm&limit=10"), vec![]),
        (Url, f("https://api.example.com/v1/sig/abc?access_key=${input.accessKey}"), vec![]),
        (Url, f("[YOUR SMTP SERVER]"), vec![]),
        (Url, f("/api/v2/flows/datatables/${input.id}/rows/${input.Key.replace(' ','%20')}"), vec![]),
        (Body, format!("{{\"image\": \"data:image/png;base64,{IMAGE}\"}}"), vec![]),
        (Body, f("{\"token_type\": \"bearer\", \"expires_in\": 3600}"), vec![]),
        (Body, f("{\"key\": \"${input.Key}\", \"value\": \"abc\"}"), vec![]),
        (Body, f("{\"password\": \"${input.pw}\", \"token\": $esc.jsonString(${input.t})}"), vec![]),
        (Body, f("{{json.stringify({\"event\": \"call_connected\", \"queueId\": \"{{system.queueId}}\"})}}"), vec![]),
        (Body, f("{\"client_secret\": \"{{secureData(\\\"crm_client_secret_prod\\\")}}\"}"), vec![]),
        (Body, f("{\"sha\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b\", \"id\": \"3f0c6a1e-9b7d-4c2a-8e5f-1d2c3b4a5e6f\"}"), vec![]),
        (Url, f("https://api.example.com/oauth/callback?code=4/0AX4XfWhq7Lm2Xw9Rt4Kp8ZvBn3Cd5Ef6Gh7Jk8Lm9Np0Qr1St2Uv3Wx4Yz5A&state=xyz"), vec![]),
        (Url, f("https://api.example.com/v1/countries?code=US"), vec![]),
        (Url, f("https://api.example.com/v1/discounts?code=SUMMER2024SALE"), vec![]),
        (Url, f("https://fn-orders.azurewebsites.net/api/Lookup?code=${credentials.functionKey}"), vec![]),
        (Header("x-functions-key"), f("${credentials.functionKey}"), vec![]),
        (Header("traceparent"), f("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), vec![]),
        (Header("Idempotency-Key"), f("8e03978e-40d5-43e8-bc93-6894a57f9324"), vec![]),
        (Header("X-Correlation-Id"), f("f058ebd6-02f7-4d3f-942e-904344e8cde5"), vec![]),
        (Header("Content-MD5"), f("Q2hlY2sgSW50ZWdyaXR5IQ=="), vec![]),
        (Header("Stripe-Version"), f("2023-10-16"), vec![]),
        (Body, f("{\"customer\": \"cus_NffrFeUfNV2Hib\", \"price\": \"price_1MoBy5LkdIwHu7ixZhnattbh\"}"), vec![]),
        (Body, f("{\"client_id\": \"0oa1b2c3d4e5f6g7h8i9\", \"grant_type\": \"client_credentials\"}"), vec![]),
        (Body, f("{\"cert\": \"-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUHq7Lm2Xw9Rt4Kp8ZvBn3Cd5Ef6Gh7Jk8Lm9Np0Qr1St2Uv\\n-----END CERTIFICATE-----\"}"), vec![]),
        (Body, f("<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:ns1=\"urn:partner\"><soap:Body><ns1:apiKey>${credentials.apiKey}</ns1:apiKey><ns1:tokenType>bearer</ns1:tokenType></soap:Body></soap:Envelope>"), vec![]),
        (Body, f("<auth password=\"$esc.xml(${input.pw})\" keyId=\"k-2024-01\"/>"), vec![]),
        (Other(Some("description")), f("Use your API key from the partner portal"), vec![]),
        (Other(Some("name")), f("Get thing - Exported 2021-04-15 @ 18:57"), vec![]),
        (Other(Some("successTemplate")), f("{\"token\": ${token}, \"state\": \"${state}\"}"), vec![]),
    ]
}

fn found(row: &Row) -> Vec<(String, &'static str, bool)> {
    let (ctx, input, _) = row;
    detect(input, &ctx.context())
        .iter()
        .map(|f| (input[f.range.start..f.range.end].to_owned(), f.kind.as_str(), f.placeholder))
        .collect()
}

#[test]
fn labelled_table() {
    let mut failures = Vec::new();
    for row in table() {
        let got = found(&row);
        if got != row.2 {
            failures.push(format!("input {:?}\n  expected {:?}\n  found    {:?}", row.1, row.2, got));
        }
    }
    assert!(failures.is_empty(), "{} rows differ:\n{}", failures.len(), failures.join("\n"));
}

/// Recall and false positives over the table, counted per labelled value (printed with
/// `--nocapture`; the closing note and README quote them).
#[test]
fn recall_and_false_positives() {
    let (mut secrets, mut secrets_found, mut placeholders, mut placeholders_found) = (0, 0, 0, 0);
    let (mut false_positives, mut clean_inputs) = (0, 0);
    for row in table() {
        let got = found(&row);
        if row.2.is_empty() {
            clean_inputs += 1;
        }
        for expected in &row.2 {
            let hit = got.iter().any(|g| g.0 == expected.0 && g.2 == expected.2);
            if expected.2 {
                placeholders += 1;
                placeholders_found += usize::from(hit);
            } else {
                secrets += 1;
                secrets_found += usize::from(hit);
            }
        }
        false_positives += got.iter().filter(|g| !row.2.iter().any(|e| e.0 == g.0 && e.2 == g.2)).count();
    }
    println!(
        "secrets {secrets_found}/{secrets}, placeholders {placeholders_found}/{placeholders}, false positives {false_positives} over {clean_inputs} clean inputs"
    );
    assert_eq!((secrets_found, placeholders_found, false_positives), (secrets, placeholders, 0));
}

#[test]
fn redaction_replaces_every_secret() {
    let rendered = format!(
        "POST https://svc:{URL_PASSWORD}@api.example.com/v1?api_key={RANDOM32}\nAuthorization: Bearer {STRIPE}\nx-api-key: {RANDOM28}\n\n{{\"client_secret\": \"{RANDOM40}\"}}"
    );
    let redacted = redact(&rendered);
    for secret in [URL_PASSWORD, RANDOM32, STRIPE, RANDOM28, RANDOM40] {
        assert!(!redacted.contains(secret), "{redacted}");
    }
    assert!(redacted.contains(&format!("‹secret {}›", fingerprint(STRIPE))), "{redacted}");
    assert!(redacted.starts_with("POST https://svc:‹secret sha256:"), "{redacted}");
    assert_eq!(redact("Bearer ${credentials.token}"), "Bearer ${credentials.token}");
    assert_eq!(redact_with(RANDOM32, &Context::header("x-api-key")), format!("‹secret {}›", fingerprint(RANDOM32)));
}

#[test]
fn basic_credentials_decode() {
    let findings = detect(&format!("Basic {BASIC}"), &Context::header("Authorization"));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].shape, ValueShape::BasicBase64);
    assert_eq!(base64_decode(BASIC.as_bytes()).as_deref(), Some(&b"svc-dalint:TH7e7l9KPqPbZM"[..]));
}

#[test]
fn mask_never_contains_the_secret() {
    let masked = mask(STRIPE);
    assert!(!masked.contains(&STRIPE[8..]));
    assert!(masked.starts_with("sk_live_… (32 chars, sha256:"));
    assert_eq!(fingerprint(STRIPE).len(), 23);
}

/// Found by the CLI's no-echo property test: a Google key after `?key=` inside a `#if(` that is
/// never closed is template syntax to the per-string reading, yet the TPL001 code frame printed
/// its line. Known formats are now masked wherever they sit in the raw text.
#[test]
fn secret_ranges_cover_known_formats_inside_malformed_templates() {
    let key = format!("AIza{}", "g2iU9oxYU_jLwOKcjOWB3kzupZJQe5Md34O");
    let text = format!(
        r#"{{"name": "x", "config": {{"request": {{"requestType": "GET", "requestUrlTemplate": "https://a.example.com/{{{{#if(esc.url({{{{:\"@?key={key}"}}}}}}"#
    );
    let ranges = secret_ranges(&text);
    assert!(
        ranges.iter().any(|r| text[r.start..r.end].contains(&key)),
        "the key is not masked: {:?}",
        ranges.iter().map(|r| &text[r.start..r.end]).collect::<Vec<_>>()
    );
}

#[test]
fn terraform_references_in_raw_text_are_not_masked_but_literals_are() {
    let secret = "q8Zr2Lx7Vt4Np1Ks9Wb6Hd3Jf0Mc5Ya";
    let text = format!(
        "fields = {{\n  password = var.crm_password\n  userName = genesyscloud_user.api.id\n  clientSecret = \"{secret}\"\n  token = eyJhb_x.eyJz_y.Sfl_z\n}}\n"
    );
    let masked: Vec<&str> = secret_ranges(&text).iter().map(|r| &text[r.start..r.end]).collect();
    assert!(!masked.iter().any(|m| m.contains("var.") || m.contains("genesyscloud_user")), "{masked:?}");
    assert!(masked.iter().any(|m| m.contains(secret)), "{masked:?}");
    // Only Terraform's roots (and genesyscloud resources) count as references.
    assert!(crate::secrets::judge::is_terraform_reference("local.api_key"));
    assert!(!crate::secrets::judge::is_terraform_reference("eyJhb_x.eyJz_y.Sfl_z"));
    assert!(!crate::secrets::judge::is_terraform_reference("\"var.x\""));
}
