// The sample gallery. Written for this page (not copied from any real export); every key below is
// a FAKE generated for the demo: it grants nothing anywhere.

const GUIDE_STATIC_KEY = `{
  "type": "http",
  "name": "POST_Shipment_Notice",
  "config": {
    "method": "POST",
    "url": "https://api.parcelhub.example.com/v2/notices",
    "headers": {
      "Authorization": "Bearer sk_live_q9QLssGDbom1rz6Imt99YDzlQX7f",
      "Content-Type": "application/json"
    },
    "body": "{{json.stringify({\\"event\\": \\"call_connected\\", \\"queueId\\": \\"{{system.queueId}}\\"})}}"
  }
}
`;

const EXPORT_BASIC_AUTH = `{
  "name": "Lookup Customer Tier - Exported 2024-03-02 @ 10:14",
  "integrationType": "custom-rest-actions",
  "actionType": "custom",
  "config": {
    "request": {
      "requestUrlTemplate": "https://crm.northwind.example.com/api/customers/$esc.url(\${input.customerId})/tier",
      "requestType": "GET",
      "headers": {
        "Authorization": "Basic c3ZjLWdlbmVzeXM6UnpIRUhiVVZKNnVKMHRxZ2R2",
        "Accept": "application/json"
      },
      "requestTemplate": "\${input.rawRequest}"
    },
    "response": {
      "translationMap": {
        "tier": "$.tier"
      },
      "translationMapDefaults": {
        "tier": "\\"standard\\""
      },
      "successTemplate": "{\\"tier\\": \${tier}}"
    }
  },
  "contract": {
    "input": {
      "inputSchema": {
        "type": "object",
        "properties": {
          "customerId": {
            "type": "string",
            "description": "The CRM customer number"
          }
        },
        "required": ["customerId"]
      }
    },
    "output": {
      "successSchema": {
        "type": "object",
        "properties": {
          "tier": {
            "type": "string"
          }
        }
      }
    }
  },
  "secure": false
}
`;

const CLEAN_GUIDE = `{
  "type": "http",
  "name": "POST_Telemetry_Event",
  "logRequest": false,
  "logResponse": false,
  "config": {
    "method": "POST",
    "url": "https://api.partner.example.com/v1/events",
    "headers": {
      "Authorization": "Bearer {{secureData(\\"telemetry_api_key_prod\\")}}",
      "Content-Type": "application/json"
    },
    "body": "{{json.stringify({\\"event\\": \\"call_connected\\", \\"queueId\\": \\"{{system.queueId}}\\"})}}"
  }
}
`;

export const SAMPLES = [
  {
    id: 'guide-static-key',
    label: 'Guide-shape action with a static key (fake)',
    fileName: 'shipment-notice.json',
    text: GUIDE_STATIC_KEY,
  },
  {
    id: 'export-basic-auth',
    label: 'Genesys export with a Basic header (fake)',
    fileName: 'lookup-customer-tier.custom.json',
    text: EXPORT_BASIC_AUTH,
  },
  {
    id: 'clean',
    label: 'Clean action using secureData()',
    fileName: 'telemetry-event.json',
    text: CLEAN_GUIDE,
  },
];
