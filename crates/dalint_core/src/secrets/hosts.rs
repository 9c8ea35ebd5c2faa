//! Hosts whose URLs carry a credential by convention.

/// Whether `host` is an Azure Functions (App Service) host, `*.azurewebsites.net`, whose `code`
/// query parameter is a function key. Case-insensitive; a `:port` is ignored.
pub fn is_function_host(host: &str) -> bool {
    let host =
        host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
    const SUFFIX: &str = ".azurewebsites.net";
    host.len() > SUFFIX.len()
        && host.is_char_boundary(host.len() - SUFFIX.len())
        && host[host.len() - SUFFIX.len()..].eq_ignore_ascii_case(SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::is_function_host;

    #[test]
    fn function_hosts() {
        for host in [
            "fn-orders.azurewebsites.net",
            "FN.AzureWebsites.NET",
            "a.azurewebsites.net:443",
            "x.scm.azurewebsites.net",
        ] {
            assert!(is_function_host(host), "{host}");
        }
        for host in [
            "azurewebsites.net",
            ".azurewebsites.net",
            "azurewebsites.net.evil.example",
            "api.example.com",
            "é.example",
            "",
        ] {
            assert!(!is_function_host(host), "{host}");
        }
    }
}
