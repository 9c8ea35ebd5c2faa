//! What the detector reads, as data: the token formats it finds anywhere, the names that mark a
//! credential position, and the formats of the public rule sets it was compared with that it
//! does not read, each with the reason. `docs/credentials.md` is generated from here
//! (`tests/credentials_doc.rs` fails when it is stale), and the tests below check every entry
//! against the detector itself, so the page and the code cannot disagree.
//!
//! Facts (prefixes, lengths, alphabets, names) come from the rule sets and vendor documentation
//! named in `source`; none of their patterns or code is used.

use super::formats::TokenHit;
use super::names::NameSite;
use super::{judge, SecretKind};
use crate::text::TextRange;

/// The characters of a token's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    Alnum,
    LowerHex,
    Letters,
    /// `[A-Za-z0-9_-]`.
    Word,
}

impl Alphabet {
    fn accepts(self, b: u8) -> bool {
        match self {
            Alphabet::Alnum => b.is_ascii_alphanumeric(),
            Alphabet::LowerHex => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Alphabet::Letters => b.is_ascii_alphabetic(),
            Alphabet::Word => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Alphabet::Alnum => "letters and digits",
            Alphabet::LowerHex => "lower-case hex",
            Alphabet::Letters => "letters",
            Alphabet::Word => "letters, digits, `_` and `-`",
        }
    }
    fn sample_byte(self, i: usize) -> u8 {
        const ALNUM: &[u8] = b"q7Lm2Xw9Rt4Kp8ZvBn3Cd5Ef6Gh0JkYsTuVaWbNc1";
        match self {
            Alphabet::LowerHex => b"3f9a0c7e51d8b264"[i * 7 % 16],
            Alphabet::Letters => b"qLmXwRtKpZvBnCdEfGhJkYsTuVaWbNc"[i * 7 % 31],
            Alphabet::Alnum | Alphabet::Word => ALNUM[i * 7 % ALNUM.len()],
        }
    }
}

/// A token format known by its prefix: `prefix`, then `body_len` characters of `alphabet`.
#[derive(Debug)]
pub struct PrefixedFormat {
    /// The finding's kind (`SecretKind::as_str`).
    pub id: &'static str,
    pub label: &'static str,
    /// Names the secure reference when the URL says nothing (`huggingface_token_prod`).
    pub provider: &'static str,
    pub prefix: &'static str,
    pub alphabet: Alphabet,
    /// Inclusive bounds.
    pub body_len: (usize, usize),
}

const fn prefixed(
    id: &'static str,
    label: &'static str,
    provider: &'static str,
    prefix: &'static str,
    alphabet: Alphabet,
    body_len: (usize, usize),
) -> PrefixedFormat {
    PrefixedFormat { id, label, provider, prefix, alphabet, body_len }
}

use Alphabet::{Alnum, Letters, LowerHex, Word};

/// Token formats recognised by prefix, length and alphabet, beyond the ones [`super::formats`]
/// reads with their own code (checksums, several segments, placeholders of their own).
pub const PREFIXED: &[PrefixedFormat] = &[
    prefixed("huggingface_token", "Hugging Face token", "huggingface", "hf_", Letters, (34, 34)),
    prefixed("huggingface_token", "Hugging Face token", "huggingface", "api_org_", Letters, (34, 34)),
    prefixed("digitalocean_token", "DigitalOcean token", "digitalocean", "dop_v1_", LowerHex, (64, 64)),
    prefixed("digitalocean_token", "DigitalOcean token", "digitalocean", "doo_v1_", LowerHex, (64, 64)),
    prefixed("digitalocean_token", "DigitalOcean token", "digitalocean", "dor_v1_", LowerHex, (64, 64)),
    prefixed("newrelic_key", "New Relic key", "newrelic", "NRAK-", Alnum, (27, 27)),
    prefixed("newrelic_key", "New Relic key", "newrelic", "NRII-", Word, (32, 32)),
    prefixed("postman_key", "Postman API key", "postman", "PMAK-", Word, (59, 59)),
    prefixed("linear_key", "Linear API key", "linear", "lin_api_", Alnum, (40, 40)),
    prefixed("brevo_key", "Brevo (Sendinblue) API key", "brevo", "xkeysib-", Word, (81, 81)),
    prefixed("perplexity_key", "Perplexity API key", "perplexity", "pplx-", Alnum, (48, 48)),
    prefixed("notion_token", "Notion token", "notion", "ntn_", Alnum, (46, 46)),
    prefixed("sentry_token", "Sentry token", "sentry", "sntryu_", LowerHex, (64, 64)),
    prefixed("grafana_token", "Grafana token", "grafana", "glsa_", Word, (41, 41)),
    prefixed("grafana_token", "Grafana token", "grafana", "glc_", Alnum, (32, 400)),
    prefixed("grafana_token", "Grafana token", "grafana", "eyJrIjoi", Alnum, (70, 400)),
    prefixed("databricks_token", "Databricks token", "databricks", "dapi", LowerHex, (32, 32)),
    prefixed("square_token", "Square token", "square", "EAAA", Word, (60, 60)),
    prefixed("facebook_token", "Facebook access token", "facebook", "EAAM", Alnum, (100, 400)),
    prefixed("facebook_token", "Facebook access token", "facebook", "EAAC", Alnum, (100, 400)),
    prefixed("atlassian_token", "Atlassian API token", "atlassian", "ATATT3", Word, (150, 200)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glft-", Word, (20, 20)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glsoat-", Word, (20, 20)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "gloas-", Word, (64, 64)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glagent-", Word, (50, 50)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glimt-", Word, (25, 25)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glffct-", Word, (20, 20)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "glcbt-", Word, (22, 26)),
    prefixed("gitlab_token", "GitLab token", "gitlab", "GR1348941", Word, (20, 20)),
    prefixed("pulumi_token", "Pulumi token", "pulumi", "pul-", LowerHex, (40, 40)),
    prefixed("shippo_token", "Shippo token", "shippo", "shippo_live_", LowerHex, (40, 40)),
    prefixed("shippo_token", "Shippo token", "shippo", "shippo_test_", LowerHex, (40, 40)),
    prefixed("duffel_token", "Duffel token", "duffel", "duffel_live_", Word, (43, 43)),
    prefixed("duffel_token", "Duffel token", "duffel", "duffel_test_", Word, (43, 43)),
    prefixed("easypost_key", "EasyPost API key", "easypost", "EZAK", Alnum, (54, 54)),
    prefixed("easypost_key", "EasyPost API key", "easypost", "EZTK", Alnum, (54, 54)),
    prefixed("prefect_token", "Prefect token", "prefect", "pnu_", Alnum, (36, 36)),
    prefixed("readme_key", "ReadMe API key", "readme", "rdme_", Alnum, (70, 70)),
    prefixed("planetscale_token", "PlanetScale token", "planetscale", "pscale_tkn_", Word, (32, 64)),
    prefixed("planetscale_token", "PlanetScale token", "planetscale", "pscale_pw_", Word, (32, 64)),
    prefixed("planetscale_token", "PlanetScale token", "planetscale", "pscale_oauth_", Word, (32, 64)),
    prefixed("infracost_key", "Infracost API key", "infracost", "ico-", Alnum, (32, 32)),
    prefixed("scalingo_token", "Scalingo token", "scalingo", "tk-us-", Word, (48, 48)),
    prefixed("frameio_token", "Frame.io token", "frameio", "fio-u-", Word, (64, 64)),
    prefixed("heroku_key", "Heroku API key", "heroku", "HRKU-AA", Word, (58, 58)),
    prefixed("artifactory_key", "Artifactory API key", "artifactory", "AKCp", Alnum, (69, 69)),
    prefixed("adobe_client_secret", "Adobe client secret", "adobe", "p8e-", Alnum, (32, 32)),
    prefixed("alibaba_access_key_id", "Alibaba Cloud AccessKey ID", "alibaba", "LTAI", Alnum, (20, 20)),
    prefixed("sourcegraph_token", "Sourcegraph token", "sourcegraph", "sgp_", Word, (40, 57)),
    prefixed("typeform_token", "Typeform token", "typeform", "tfp_", Word, (59, 59)),
    prefixed("defined_networking_key", "Defined Networking API key", "definednetworking", "dnkey-", Word, (79, 79)),
];

/// Where each [`PREFIXED`] format is published, in the same order (kept apart: the docs need
/// them, the WebAssembly module does not).
pub const PREFIXED_SOURCES: &[&str] = &[
    "gitleaks huggingface-access-token",
    "gitleaks huggingface-organization-api-token",
    "gitleaks digitalocean-pat",
    "gitleaks digitalocean-access-token",
    "gitleaks digitalocean-refresh-token",
    "gitleaks new-relic-user-api-key",
    "gitleaks new-relic-insert-key",
    "gitleaks postman-api-token (24 hex, `-`, 34 hex)",
    "gitleaks linear-api-key",
    "gitleaks sendinblue-api-token (64 hex, `-`, 16)",
    "gitleaks perplexity-api-key",
    "gitleaks notion-api-token",
    "gitleaks sentry-user-token",
    "gitleaks grafana-service-account-token",
    "gitleaks grafana-cloud-api-token",
    "gitleaks grafana-api-key",
    "gitleaks databricks-api-token",
    "gitleaks square-access-token; Square production tokens are 64 characters",
    "gitleaks facebook-page-access-token",
    "gitleaks facebook-page-access-token",
    "gitleaks atlassian-api-token (`=` and 8 hex digits end it)",
    "gitleaks gitlab-feed-token",
    "gitleaks gitlab-scim-token",
    "gitleaks gitlab-oauth-app-secret",
    "gitleaks gitlab-kubernetes-agent-token",
    "gitleaks gitlab-incoming-mail-token",
    "gitleaks gitlab-feature-flag-client-token",
    "gitleaks gitlab-cicd-job-token",
    "gitleaks gitlab-rrt",
    "gitleaks pulumi-api-token",
    "gitleaks shippo-api-token",
    "gitleaks shippo-api-token",
    "gitleaks duffel-api-token",
    "gitleaks duffel-api-token",
    "gitleaks easypost-api-token",
    "gitleaks easypost-test-api-token",
    "gitleaks prefect-api-token",
    "gitleaks readme-api-token",
    "gitleaks planetscale-api-token",
    "gitleaks planetscale-password",
    "gitleaks planetscale-oauth-token",
    "gitleaks infracost-api-token",
    "gitleaks scalingo-api-token",
    "gitleaks frameio-api-token",
    "gitleaks heroku-api-key-v2",
    "gitleaks artifactory-api-key",
    "gitleaks adobe-client-secret",
    "gitleaks alibaba-access-key-id",
    "gitleaks sourcegraph-access-token",
    "gitleaks typeform-api-token",
    "gitleaks defined-networking-api-token",
];

/// Finds a [`PREFIXED`] token in the word `view[start..end]`; an Atlassian token runs on past
/// its `=`.
pub fn prefixed_token(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) -> bool {
    let word = &view[start..end];
    let Some((index, format)) = PREFIXED.iter().enumerate().find(|(_, f)| {
        let body = word.strip_prefix(f.prefix.as_bytes()).unwrap_or_default();
        word.len() > f.prefix.len()
            && (f.body_len.0..=f.body_len.1).contains(&body.len())
            && body.iter().all(|&b| f.alphabet.accepts(b))
    }) else {
        return false;
    };
    let mut token_end = end;
    if format.prefix == "ATATT3" && view.get(end) == Some(&b'=') {
        token_end = (end + 1..view.len()).find(|&i| !Alphabet::Word.accepts(view[i])).unwrap_or(view.len());
    }
    let body = std::str::from_utf8(&view[start + format.prefix.len()..token_end]).unwrap_or_default();
    out.push(TokenHit {
        range: TextRange::new(start, token_end),
        kind: SecretKind::Prefixed(index as u8),
        placeholder: judge::is_placeholder(body),
    });
    true
}

/// A format read by its own code in [`super::formats`]: its kind and its shape, for the docs.
pub const FORMATS: &[(SecretKind, &str, &str)] = &[
    (
        SecretKind::StripeKey,
        "`sk_live_`, `sk_test_`, `rk_live_`, `rk_test_` + 16 or more letters and digits; `whsec_` + 24 or more",
        "Stripe docs; gitleaks stripe-access-token",
    ),
    (
        SecretKind::GithubToken,
        "`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 36 with the CRC-32 checksum in the last 6; `github_pat_` + 82",
        "GitHub docs; gitleaks github-*",
    ),
    (SecretKind::GitlabToken, "`glpat-`, `glptt-`, `gldt-`, `glrt-` + 20 or more", "GitLab docs; gitleaks gitlab-*"),
    (
        SecretKind::SlackToken,
        "`xoxa-`, `xoxb-`, `xoxp-`, `xoxo-`, `xoxs-`, `xoxr-`, `xoxe-`, `xapp-`, 24 characters or more",
        "gitleaks slack-*",
    ),
    (SecretKind::SlackWebhook, "`hooks.slack.com/services/T…/B…/…`: the path", "gitleaks slack-webhook-url"),
    (SecretKind::DiscordWebhook, "`discord.com/api/webhooks/<id>/<token>`: the path", "Discord docs"),
    (
        SecretKind::TeamsWebhook,
        "`….webhook.office.com/webhookb2/…/IncomingWebhook/…`: the path",
        "gitleaks microsoft-teams-webhook",
    ),
    (SecretKind::ZapierWebhook, "`hooks.zapier.com/hooks/catch/<account>/<hook>`: the path", "Zapier docs"),
    (
        SecretKind::AwsAccessKeyId,
        "`AKIA`, `ASIA`, `ABIA`, `ACCA` + 16 of `A-Z2-7`",
        "AWS docs; gitleaks aws-access-token",
    ),
    (SecretKind::GoogleApiKey, "`AIza` + 35", "gitleaks gcp-api-key"),
    (SecretKind::TwilioApiKey, "`SK` + 32 hex", "gitleaks twilio-api-key"),
    (SecretKind::SendgridKey, "`SG.` + 22 + `.` + 43", "gitleaks sendgrid-api-token"),
    (
        SecretKind::OpenaiKey,
        "`sk-proj-`, `sk-svcacct-`, `sk-admin-` + 32 or more; `sk-` with `T3BlbkFJ` inside",
        "gitleaks openai-api-key",
    ),
    (SecretKind::AnthropicKey, "`sk-ant-` + 33 or more (`api03`, `admin01`)", "gitleaks anthropic-*"),
    (SecretKind::AzureClientSecret, "3 characters, a digit, `Q~`, 31 to 34 more", "gitleaks azure-ad-client-secret"),
    (
        SecretKind::AzureFunctionKey,
        "44 URL-safe base64, `AzFu`, 5 more, one of `AQgw`, `==` (56 in all)",
        "Microsoft.Security.Utilities (SEC101/158); Azure Functions host",
    ),
    (SecretKind::HubspotToken, "`pat-na1-`, `pat-na2-`, `pat-eu1-`, `pat-ap1-` + a UUID", "HubSpot docs"),
    (SecretKind::ShopifyToken, "`shpat_`, `shpca_`, `shppa_`, `shpss_` + 32 hex", "gitleaks shopify-*"),
    (SecretKind::OktaToken, "`SSWS ` + `00` + 40", "Okta docs; gitleaks okta-access-token"),
    (SecretKind::NpmToken, "`npm_` + 36", "gitleaks npm-access-token"),
    (SecretKind::PypiToken, "`pypi-AgEIcHlwaS5vcmc` + 50 or more", "gitleaks pypi-upload-token"),
    (SecretKind::SquareToken, "`sq0atp-` + 22 or more; `sq0csp-` + 43 or more", "gitleaks square-access-token"),
    (SecretKind::MailchimpKey, "32 lower-case hex, `-us`, a data-centre number", "gitleaks mailchimp-api-key"),
    (
        SecretKind::TelegramBotToken,
        "8 to 10 digits, `:AA`, 33 more (also after `/bot` in a URL)",
        "gitleaks telegram-bot-api-token",
    ),
    (
        SecretKind::SalesforceToken,
        "`00` + 13 letters and digits, `!`, 96 of letters, digits, `.` and `_`",
        "Kingfisher kingfisher.salesforce.1; Nosey Parker np.salesforce.1",
    ),
    (
        SecretKind::Jwt,
        "`eyJ…` header naming `alg` or `typ`, `.`, `eyJ…` payload, `.`, signature",
        "RFC 7519; gitleaks jwt",
    ),
    (SecretKind::PemPrivateKey, "`-----BEGIN … PRIVATE KEY-----` to its end marker", "RFC 7468; gitleaks private-key"),
];

/// Surveyed rules that dalint does not read as a format, with the reason: `(rules, reason)`.
pub const SKIPPED: &[(&str, &str)] = &[
    (
        "gitleaks adafruit, adobe-client-id, airtable, algolia, asana, atlassian (hex), beamer, bitbucket, bittrex, cisco-meraki, cloudflare, codecov, cohere, coinbase, confluent, contentful, datadog, discord (token, secret), droneci, dropbox, etsy, facebook-secret, fastly, finicity, finnhub, flickr, freshbooks, gitter, gocardless, heroku (UUID), hubspot (UUID), intercom, jfrog, kraken, kucoin, launchdarkly, linear-client-secret, linkedin, lob, mailgun, mapbox, mattermost, messagebird, netlify, new-relic-user-api-id, nytimes, okta (without `SSWS`), plaid, privateai, rapidapi, sendbird, sentry (old format), snyk, sonar, squarespace, sumologic, travisci, twitch, twitter, yandex, zendesk",
        "No shape of its own: the value is random characters that gitleaks finds only next to the vendor's name. dalint finds it by its position instead (`Authorization`, a secret-named header, query parameter or field) and judges its randomness; a bare hex or base62 string anywhere else is not reported.",
    ),
    (
        "gitleaks discord-client-id, linkedin-client-id, plaid-client-id, messagebird-client-id, sendbird-access-id, sumologic-access-id, flutterwave-public-key, lob-pub-api-key, mailgun-pub-key, new-relic-browser-api-token (`NRJS-`), mapbox `pk.`",
        "Identifiers and publishable keys, not secrets: a client id without its secret is a clean fixture.",
    ),
    (
        "gitleaks curl-auth-header, curl-auth-user, database-password, generic-api-key, hashicorp-tf-password, kubernetes-secret-yaml, nuget-config-password, pkcs12-file, freemius-secret-key, sidekiq-secret, jwt-base64",
        "About files or command lines (a curl command, YAML, a config file, a PHP array), not HTTP requests. The request's own positions cover the same ground: `Authorization`, `Basic`, URL passwords, secret-named fields.",
    ),
    (
        "gitleaks vault-service-token (`hvs.`), vault-batch-token (`hvb.`), doppler-api-token (`dp.pt.`), dynatrace-api-token (`dt0c01.`), harness-api-key (`pat.`), hashicorp-tf-api-token (`.atlasv1.`), authress-service-client-access-key, yandex-access-token (`t1.`), dropbox short-lived (`sl.`)",
        "Dotted formats not read anywhere yet; found by position (`X-Vault-Token`, `Authorization: Bearer …`).",
    ),
    (
        "gitleaks openshift-user-token (`sha256~`), 1password-service-account-token (`ops_eyJ…`), twitter-bearer-token (`AAAA…%…`), flyio-access-token (`fm1…`, `fm2_`, base64)",
        "The body holds `~`, `+`, `/` or `%`, which the one-pass word scanner does not join; found by position (`Authorization`).",
    ),
    (
        "gitleaks 1password-secret-key (`A3-`), age-secret-key, clojars-api-token, rubygems-api-token, intra42-client-secret, settlemint-*, maxmind-license-key (`…_mmk`), octopus-deploy-api-key (`API-`), clickhouse-cloud-api-secret-key (`4b1d`), aws `A3T…`, stripe `sk_prod_`, flutterwave `FLWSECK_TEST-`",
        "Not sent by Data Actions (package registries, local encryption, CI) or too weak a prefix to read anywhere without false positives (`API-`, `4b1d` in hex digests); secret-named positions still find them.",
    ),
    (
        "gitleaks gitlab-pat-routable, gitlab-runner-authentication-token-routable, sentry-org-token (`sntrys_`)",
        "Read in part: `glpat-` and `glrt-` tokens are found up to their `.` suffix; `sntrys_` tokens by position.",
    ),
];

/// Names that mark a credential position, by where they sit: `(site, names, note)`. Names are
/// compared case-insensitively with punctuation ignored (`X-API-Key` = `x_api_key` = `xApiKey`).
pub const NAMES: &[(&str, &[&str], &str)] = &[
    (
        "Header",
        &["Authorization", "Proxy-Authorization", "Authentication", "Authorisation", "X-API-Key", "api-key", "X-Auth-Token", "Private-Token", "Ocp-Apim-Subscription-Key", "x-functions-key", "X-Access-Key", "X-Secret-Key", "X-Access-Token", "X-Client-Secret", "X-Vault-Token", "DD-API-KEY"],
        "`Authorization` and its misspellings (edit distance 2) are read after their scheme (`Bearer`, `Basic` decoded, `Token`, `SSWS`, `ApiKey`, …). Any header whose value starts with `Bearer `, `Basic `, `Token ` or `SSWS ` is read the same way, and an unknown header whose whole value is one random key is a generic API key.",
    ),
    (
        "Query parameter",
        &["api_key", "apikey", "api-key", "key", "access_token", "token", "secret", "client_secret", "password", "sig", "signature", "APPID", "subscription-key"],
        "`code` is a function key on `*.azurewebsites.net` hosts whatever its value, and elsewhere only with a function key's shape (56 characters ending `==`); `code=US` and OAuth codes stay clean.",
    ),
    (
        "Body field (JSON, form, XML element or attribute, Velocity `#set`)",
        &["password", "passwd", "pwd", "client_secret", "secret", "apiKey", "api_key", "access_token", "refresh_token", "token", "private_key", "credential", "consumer_secret", "app_secret", "auth"],
        "XML names are read without their namespace prefix (`wsse:Password`, `ns1:apiKey`); attributes (`password=\"…\"`) too.",
    ),
    (
        "Cookie",
        &["JSESSIONID", "PHPSESSID", "connect.sid", "session", "sid", "auth_token"],
        "Session cookies, and any cookie named like a credential.",
    ),
];

/// Names that contain a credential word but do not mark a credential: `(site, names)`.
pub const NOT_NAMES: &[(&str, &[&str])] = &[
    (
        "Header",
        &[
            "Content-Type",
            "Idempotency-Key",
            "X-App-Id",
            "traceparent",
            "X-Request-Id",
            "X-Correlation-Id",
            "Content-MD5",
            "If-None-Match",
        ],
    ),
    ("Query parameter", &["nextPageToken", "pageToken", "keyword", "code (elsewhere, not key-shaped)"]),
    (
        "Body field",
        &["token_type", "publicKey", "key", "keyId", "idempotencyKey", "partitionKey", "secretName", "passwordPolicy"],
    ),
];

/// The `NameSite` a [`NAMES`] row is checked with.
pub fn site_of(row: &str) -> NameSite {
    match row {
        "Header" => NameSite::Header,
        "Query parameter" => NameSite::Query,
        _ => NameSite::Field,
    }
}

/// `docs/credentials.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# What dalint reads as a credential\n\n\
         Generated from `crates/dalint_core/src/secrets/catalog.rs` by \
         `DALINT_UPDATE_DOCS=1 cargo test -p dalint_core --test credentials_doc`; the tests of that \
         module check every row against the detector.\n\n\
         dalint reads each string where it sits (see the README's \"How credentials are found\"): \
         a value in a credential position is judged random relative to its length and alphabet, \
         and a token of a known format is found wherever it appears.\n\n## Names that mark a credential position\n\n\
         | Where | Names (examples; case and punctuation ignored) | Notes |\n|---|---|---|\n",
    );
    for (site, names, note) in NAMES {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        out.push_str(&format!("| {site} | {} | {note} |\n", names.join(", ")));
    }
    out.push_str("\nAlso read: passwords in URLs (`https://user:pass@host`, unencoded `?` or `#` too) and `#set($token = \"…\")` with a secret-named variable.\n\n");
    out.push_str("Names that contain a credential word and are not credentials:\n\n| Where | Names |\n|---|---|\n");
    for (site, names) in NOT_NAMES {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        out.push_str(&format!("| {site} | {} |\n", names.join(", ")));
    }
    out.push_str("\n## Token formats found anywhere\n\n| Kind | Shape | Source of the facts |\n|---|---|---|\n");
    for (kind, shape, source) in FORMATS {
        out.push_str(&format!("| {} (`{}`) | {shape} | {source} |\n", kind.label(), kind.as_str()));
    }
    for (f, source) in PREFIXED.iter().zip(PREFIXED_SOURCES) {
        let len = if f.body_len.0 == f.body_len.1 {
            f.body_len.0.to_string()
        } else {
            format!("{} to {}", f.body_len.0, f.body_len.1)
        };
        out.push_str(&format!(
            "| {} (`{}`) | `{}` + {len} {} | {} |\n",
            f.label,
            f.id,
            f.prefix,
            f.alphabet.describe(),
            source
        ));
    }
    out.push_str("\n## Surveyed and not read as a format\n\nThe public rule sets compared: gitleaks' default configuration (all its rules), Kingfisher's and Nosey Parker's rules for the services Data Actions call, and the OpenAPI `securitySchemes` convention (`type: apiKey` with `in: header`, `in: query` or `in: cookie`; its names are the examples above).\n\n| Rules | Why not |\n|---|---|\n");
    for (rules, reason) in SKIPPED {
        out.push_str(&format!("| {rules} | {reason} |\n"));
    }
    out
}

/// A synthetic token of a [`PREFIXED`] format (never a real key), for tests.
pub fn sample(format: &PrefixedFormat) -> String {
    let mut out = String::from(format.prefix);
    out.extend((0..format.body_len.0).map(|i| char::from(format.alphabet.sample_byte(i + format.prefix.len()))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::{detect, names, Context};

    fn found(text: &str, ctx: &Context<'_>) -> Vec<(String, &'static str, bool)> {
        detect(text, ctx)
            .iter()
            .map(|f| (text[f.range.start..f.range.end].to_owned(), f.kind.as_str(), f.placeholder))
            .collect()
    }

    #[test]
    fn every_prefixed_format_has_a_source() {
        assert_eq!(PREFIXED.len(), PREFIXED_SOURCES.len());
    }

    #[test]
    fn every_prefixed_format_is_found_in_a_body_and_a_header() {
        for format in PREFIXED {
            let token = sample(format);
            let body = format!("{{\"note\": \"sent {token} here\"}}");
            assert_eq!(found(&body, &Context::body()), vec![(token.clone(), format.id, false)], "{}", format.prefix);
            let header = found(&format!("Bearer {token}"), &Context::header("Authorization"));
            assert_eq!(header, vec![(token.clone(), format.id, false)], "{}", format.prefix);
            // One character short is not the format.
            let short = &token[..token.len() - 1];
            let in_body = found(&format!("{{\"note\": \"{short}\"}}"), &Context::body());
            assert!(in_body.iter().all(|f| f.1 != format.id), "{}: {in_body:?}", format.prefix);
        }
    }

    #[test]
    fn every_format_kind_has_a_row_and_a_found_sample() {
        let samples: &[(SecretKind, &str)] = &[
            (SecretKind::SalesforceToken, "00GLhVbPxjsvnpA!.MpfQfVoLlDtEqqlsMCey7vcfDElhbooyThmHiTFqYSbk3dyMotFjh_6330Z2tUM1pBERHVQEBRiO_5aKBk9.vntigMBbAPL"),
            (SecretKind::AzureFunctionKey, "m5UMMhNbAPq0cE0lZ5kcxe_qZyAJ2caVu2hcvAkH3ya_AzFu6o46MQ=="),
        ];
        for (kind, token) in samples {
            assert!(FORMATS.iter().any(|(k, _, _)| k == kind), "{kind:?} has no row");
            assert_eq!(
                found(&format!("{{\"note\": \"{token}\"}}"), &Context::body()),
                vec![((*token).to_owned(), kind.as_str(), false)]
            );
        }
        for (kind, _, _) in FORMATS {
            assert!(kind.is_format(), "{kind:?}");
        }
    }

    #[test]
    fn names_match_the_detector() {
        for (site, list, _) in NAMES {
            for name in *list {
                let read = match *site {
                    "Header" => {
                        names::is_authorization_header(name) || names::credential_name(name, NameSite::Header).is_some()
                    }
                    "Cookie" => names::credential_cookie(name).is_some(),
                    _ => names::credential_name(name, site_of(site)).is_some(),
                };
                assert!(read, "{site}: {name} is not read");
            }
        }
        for (site, list) in NOT_NAMES {
            for name in *list {
                if name.contains(' ') {
                    continue;
                }
                let site = site_of(site);
                assert!(names::credential_name(name, site).is_none(), "{name} is read");
                if site == NameSite::Header {
                    assert!(!names::is_authorization_header(name), "{name}");
                }
            }
        }
    }
}
