resource "genesyscloud_integration_action" "create_ticket" {
  name            = "Create ticket"
  category        = "CRM"
  integration_id  = var.integration_id
  contract_input  = jsonencode({ "type" = "object", "properties" = {} })
  contract_output = jsonencode({ "type" = "object", "properties" = {} })
  config_request {
    request_url_template = "https://crm.example.com/tickets"
    request_type         = "POST"
    request_template     = "$${input.rawRequest}"
    headers = {
      Authorization = "Bearer ${var.bearer_token}"
    }
  }
  config_response {
    translation_map          = {}
    translation_map_defaults = {}
    success_template         = "$${rawResult}"
  }
}
