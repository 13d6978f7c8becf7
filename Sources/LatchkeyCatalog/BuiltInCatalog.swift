/// The integrations Latchkey knows without any catalog file: real providers with their public endpoints,
/// each with a link to the provider's own documentation of its OAuth flow.
enum BuiltInCatalog {
    static let json = #"""
        {
          "integrations": [
            {
              "type": "github",
              "name": "GitHub",
              "categories": [
                "repo"
              ],
              "api_url": "https://api.github.com",
              "docs_url": "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://github.com/login/oauth/authorize",
                  "token_url": "https://github.com/login/oauth/access_token",
                  "scopes": [
                    "repo",
                    "read:user",
                    "user:email"
                  ]
                },
                "app": {
                  "token_url": "https://api.github.com/app/installations/{installation_id}/access_tokens",
                  "headers": {
                    "Accept": "application/vnd.github+json",
                    "X-GitHub-Api-Version": "2022-11-28"
                  }
                }
              }
            },
            {
              "type": "google",
              "name": "Google",
              "categories": [
                "calendar",
                "storage",
                "messaging"
              ],
              "api_url": "https://www.googleapis.com",
              "docs_url": "https://developers.google.com/identity/protocols/oauth2/web-server",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
                  "token_url": "https://oauth2.googleapis.com/token",
                  "revoke_url": "https://oauth2.googleapis.com/revoke",
                  "scopes": [
                    "openid",
                    "email",
                    "profile"
                  ],
                  "authorize_parameters": {
                    "access_type": "offline",
                    "prompt": "consent",
                    "include_granted_scopes": "true"
                  }
                },
                "jwt_bearer": {
                  "token_url": "https://oauth2.googleapis.com/token",
                  "audience": "https://oauth2.googleapis.com/token",
                  "scopes": [
                    "https://www.googleapis.com/auth/cloud-platform"
                  ]
                }
              }
            },
            {
              "type": "microsoft",
              "name": "Microsoft",
              "categories": [
                "calendar",
                "storage",
                "messaging",
                "uc"
              ],
              "api_url": "https://graph.microsoft.com/v1.0",
              "docs_url": "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                  "token_url": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                  "keepalive_days": 30,
                  "scopes": [
                    "offline_access",
                    "openid",
                    "email",
                    "profile",
                    "User.Read"
                  ]
                }
              }
            },
            {
              "type": "salesforce",
              "name": "Salesforce",
              "categories": [
                "crm"
              ],
              "api_url": "https://login.salesforce.com",
              "docs_url": "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://login.salesforce.com/services/oauth2/authorize",
                  "token_url": "https://login.salesforce.com/services/oauth2/token",
                  "revoke_url": "https://login.salesforce.com/services/oauth2/revoke",
                  "scopes": [
                    "api",
                    "refresh_token"
                  ],
                  "keep_token_fields": {
                    "instance_url": "api_url",
                    "id": "meta.identity_url"
                  }
                }
              }
            },
            {
              "type": "hubspot",
              "name": "HubSpot",
              "categories": [
                "crm",
                "martech"
              ],
              "api_url": "https://api.hubapi.com",
              "docs_url": "https://developers.hubspot.com/docs/api/oauth-quickstart-guide",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://app.hubspot.com/oauth/authorize",
                  "token_url": "https://api.hubapi.com/oauth/v1/token",
                  "revoke_url": "https://api.hubapi.com/oauth/2026-03/token/revoke",
                  "scopes": [
                    "oauth",
                    "crm.objects.contacts.read"
                  ]
                }
              }
            },
            {
              "type": "slack",
              "name": "Slack",
              "categories": [
                "messaging"
              ],
              "api_url": "https://slack.com/api",
              "docs_url": "https://api.slack.com/authentication/oauth-v2",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://slack.com/oauth/v2/authorize",
                  "token_url": "https://slack.com/api/oauth.v2.access",
                  "revoke_url": "https://slack.com/api/auth.revoke",
                  "scopes": [
                    "channels:read",
                    "chat:write"
                  ],
                  "scope_separator": ",",
                  "pkce": false,
                  "keep_token_fields": {
                    "team": "meta.team",
                    "authed_user": "meta.authed_user"
                  }
                }
              }
            },
            {
              "type": "notion",
              "name": "Notion",
              "categories": [
                "kms"
              ],
              "api_url": "https://api.notion.com/v1",
              "docs_url": "https://developers.notion.com/docs/authorization",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://api.notion.com/v1/oauth/authorize",
                  "token_url": "https://api.notion.com/v1/oauth/token",
                  "pkce": false,
                  "token_request_auth": "client_secret_basic",
                  "token_body": "json",
                  "token_headers": {
                    "Notion-Version": "2025-09-03"
                  },
                  "authorize_parameters": {
                    "owner": "user"
                  },
                  "keep_token_fields": {
                    "workspace_id": "meta.workspace_id",
                    "workspace_name": "meta.workspace_name",
                    "bot_id": "meta.bot_id"
                  }
                }
              }
            },
            {
              "type": "xero",
              "name": "Xero",
              "categories": [
                "accounting"
              ],
              "api_url": "https://api.xero.com",
              "docs_url": "https://developer.xero.com/documentation/guides/oauth2/auth-flow",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://login.xero.com/identity/connect/authorize",
                  "token_url": "https://identity.xero.com/connect/token",
                  "revoke_url": "https://identity.xero.com/connect/revocation",
                  "scopes": [
                    "openid",
                    "profile",
                    "email",
                    "offline_access",
                    "accounting.transactions",
                    "accounting.contacts"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "quickbooks",
              "name": "QuickBooks Online",
              "categories": [
                "accounting"
              ],
              "api_url": "https://quickbooks.api.intuit.com",
              "docs_url": "https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://appcenter.intuit.com/connect/oauth2",
                  "token_url": "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
                  "revoke_url": "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
                  "scopes": [
                    "com.intuit.quickbooks.accounting"
                  ],
                  "token_request_auth": "client_secret_basic",
                  "keep_callback_parameters": {
                    "realmId": "meta.realmId"
                  }
                }
              }
            },
            {
              "type": "zoom",
              "name": "Zoom",
              "categories": [
                "uc",
                "calendar"
              ],
              "api_url": "https://api.zoom.us/v2",
              "docs_url": "https://developers.zoom.us/docs/integrations/oauth/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://zoom.us/oauth/authorize",
                  "token_url": "https://zoom.us/oauth/token",
                  "revoke_url": "https://zoom.us/oauth/revoke",
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "atlassian",
              "name": "Atlassian (Jira, Confluence)",
              "categories": [
                "ticketing",
                "task",
                "kms"
              ],
              "api_url": "https://api.atlassian.com",
              "docs_url": "https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://auth.atlassian.com/authorize",
                  "token_url": "https://auth.atlassian.com/oauth/token",
                  "keepalive_days": 30,
                  "scopes": [
                    "read:jira-work",
                    "read:jira-user",
                    "offline_access"
                  ],
                  "pkce": false,
                  "authorize_parameters": {
                    "audience": "api.atlassian.com",
                    "prompt": "consent"
                  }
                }
              }
            },
            {
              "type": "asana",
              "name": "Asana",
              "categories": [
                "task"
              ],
              "api_url": "https://app.asana.com/api/1.0",
              "docs_url": "https://developers.asana.com/docs/oauth",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://app.asana.com/-/oauth_authorize",
                  "token_url": "https://app.asana.com/-/oauth_token",
                  "revoke_url": "https://app.asana.com/-/oauth_revoke",
                  "scopes": [
                    "default"
                  ],
                  "keep_token_fields": {
                    "data": "meta.user"
                  }
                }
              }
            },
            {
              "type": "dropbox",
              "name": "Dropbox",
              "categories": [
                "storage"
              ],
              "api_url": "https://api.dropboxapi.com/2",
              "docs_url": "https://developers.dropbox.com/oauth-guide",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://www.dropbox.com/oauth2/authorize",
                  "token_url": "https://api.dropboxapi.com/oauth2/token",
                  "revoke_url": "https://api.dropboxapi.com/2/auth/token/revoke",
                  "authorize_parameters": {
                    "token_access_type": "offline"
                  },
                  "keep_token_fields": {
                    "account_id": "meta.account_id"
                  }
                }
              }
            },
            {
              "type": "box",
              "name": "Box",
              "categories": [
                "storage"
              ],
              "api_url": "https://api.box.com/2.0",
              "docs_url": "https://developer.box.com/guides/authentication/oauth2/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://account.box.com/api/oauth2/authorize",
                  "token_url": "https://api.box.com/oauth2/token",
                  "keepalive_days": 30,
                  "revoke_url": "https://api.box.com/oauth2/revoke",
                  "pkce": false
                }
              }
            },
            {
              "type": "linear",
              "name": "Linear",
              "categories": [
                "task",
                "ticketing"
              ],
              "api_url": "https://api.linear.app",
              "docs_url": "https://developers.linear.app/docs/oauth/authentication",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://linear.app/oauth/authorize",
                  "token_url": "https://api.linear.app/oauth/token",
                  "revoke_url": "https://api.linear.app/oauth/revoke",
                  "scopes": [
                    "read",
                    "write"
                  ],
                  "scope_separator": ","
                }
              }
            },
            {
              "type": "shopify",
              "name": "Shopify",
              "categories": [
                "commerce"
              ],
              "api_url": "https://{subdomain}.myshopify.com/admin/api/2025-01",
              "docs_url": "https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://{subdomain}.myshopify.com/admin/oauth/authorize",
                  "token_url": "https://{subdomain}.myshopify.com/admin/oauth/access_token",
                  "scopes": [
                    "read_products",
                    "read_orders"
                  ],
                  "scope_separator": ",",
                  "pkce": false,
                  "apply": {
                    "header": {
                      "X-Shopify-Access-Token": "{access_token}"
                    }
                  }
                }
              }
            },
            {
              "type": "gitlab",
              "name": "GitLab",
              "categories": [
                "repo"
              ],
              "api_url": "https://gitlab.com/api/v4",
              "docs_url": "https://docs.gitlab.com/api/oauth2/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://gitlab.com/oauth/authorize",
                  "token_url": "https://gitlab.com/oauth/token",
                  "revoke_url": "https://gitlab.com/oauth/revoke",
                  "scopes": [
                    "read_api",
                    "read_user"
                  ]
                }
              }
            },
            {
              "type": "intercom",
              "name": "Intercom",
              "categories": [
                "ticketing",
                "messaging"
              ],
              "api_url": "https://api.intercom.io",
              "docs_url": "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://app.intercom.com/oauth",
                  "token_url": "https://api.intercom.io/auth/eagle/token",
                  "pkce": false
                }
              }
            },
            {
              "type": "pipedrive",
              "name": "Pipedrive",
              "categories": [
                "crm"
              ],
              "api_url": "https://api.pipedrive.com/v1",
              "docs_url": "https://pipedrive.readme.io/docs/marketplace-oauth-authorization",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://oauth.pipedrive.com/oauth/authorize",
                  "token_url": "https://oauth.pipedrive.com/oauth/token",
                  "revoke_url": "https://oauth.pipedrive.com/oauth/revoke",
                  "pkce": false,
                  "token_request_auth": "client_secret_basic",
                  "keep_token_fields": {
                    "api_domain": "api_url"
                  }
                }
              }
            },
            {
              "type": "zendesk",
              "name": "Zendesk",
              "categories": [
                "ticketing"
              ],
              "api_url": "https://{subdomain}.zendesk.com/api/v2",
              "docs_url": "https://developer.zendesk.com/documentation/ticketing/working-with-oauth/oauth-code-grant-flow-with-pkce/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://{subdomain}.zendesk.com/oauth/authorizations/new",
                  "token_url": "https://{subdomain}.zendesk.com/oauth/tokens",
                  "scopes": [
                    "read",
                    "write"
                  ]
                }
              }
            },
            {
              "type": "docusign",
              "name": "DocuSign",
              "categories": [
                "signing"
              ],
              "api_url": "https://www.docusign.net/restapi",
              "docs_url": "https://developers.docusign.com/platform/auth/authcode/authcode-get-token/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://account.docusign.com/oauth/auth",
                  "token_url": "https://account.docusign.com/oauth/token",
                  "keepalive_days": 14,
                  "scopes": [
                    "signature",
                    "extended"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "discord",
              "name": "Discord",
              "categories": [
                "messaging"
              ],
              "api_url": "https://discord.com/api/v10",
              "docs_url": "https://discord.com/developers/docs/topics/oauth2",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://discord.com/oauth2/authorize",
                  "token_url": "https://discord.com/api/oauth2/token",
                  "revoke_url": "https://discord.com/api/oauth2/token/revoke",
                  "scopes": [
                    "identify",
                    "email"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "spotify",
              "name": "Spotify",
              "categories": [
                "social"
              ],
              "api_url": "https://api.spotify.com/v1",
              "docs_url": "https://developer.spotify.com/documentation/web-api/tutorials/code-flow",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://accounts.spotify.com/authorize",
                  "token_url": "https://accounts.spotify.com/api/token",
                  "scopes": [
                    "user-read-email"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "figma",
              "name": "Figma",
              "categories": [
                "storage"
              ],
              "api_url": "https://api.figma.com/v1",
              "docs_url": "https://www.figma.com/developers/api#oauth2",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://www.figma.com/oauth",
                  "token_url": "https://api.figma.com/v1/oauth/token",
                  "refresh_url": "https://api.figma.com/v1/oauth/refresh",
                  "scopes": [
                    "file_content:read"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "calendly",
              "name": "Calendly",
              "categories": [
                "calendar"
              ],
              "api_url": "https://api.calendly.com",
              "docs_url": "https://developer.calendly.com/api-docs/ZG9jOjM2MzE2MDM4-oauth",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://auth.calendly.com/oauth/authorize",
                  "token_url": "https://auth.calendly.com/oauth/token",
                  "revoke_url": "https://auth.calendly.com/oauth/revoke",
                  "token_request_auth": "client_secret_basic",
                  "keep_token_fields": {
                    "owner": "meta.owner",
                    "organization": "meta.organization"
                  }
                }
              }
            },
            {
              "type": "airtable",
              "name": "Airtable",
              "categories": [
                "datastore"
              ],
              "api_url": "https://api.airtable.com/v0",
              "docs_url": "https://airtable.com/developers/web/guides/oauth-integrations",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://airtable.com/oauth2/v1/authorize",
                  "token_url": "https://airtable.com/oauth2/v1/token",
                  "keepalive_days": 30,
                  "scopes": [
                    "data.records:read",
                    "schema.bases:read"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "mailchimp",
              "name": "Mailchimp",
              "categories": [
                "martech"
              ],
              "api_url": "https://{dc}.api.mailchimp.com/3.0",
              "docs_url": "https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://login.mailchimp.com/oauth2/authorize",
                  "token_url": "https://login.mailchimp.com/oauth2/token",
                  "pkce": false
                }
              }
            },
            {
              "type": "twitter",
              "name": "X (Twitter)",
              "categories": [
                "social"
              ],
              "api_url": "https://api.x.com/2",
              "docs_url": "https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://x.com/i/oauth2/authorize",
                  "token_url": "https://api.x.com/2/oauth2/token",
                  "revoke_url": "https://api.x.com/2/oauth2/revoke",
                  "scopes": [
                    "tweet.read",
                    "users.read",
                    "offline.access"
                  ],
                  "token_request_auth": "client_secret_basic"
                }
              }
            },
            {
              "type": "stripe",
              "name": "Stripe",
              "categories": [
                "payment"
              ],
              "api_url": "https://api.stripe.com/v1",
              "docs_url": "https://docs.stripe.com/connect/oauth-reference",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://connect.stripe.com/oauth/authorize",
                  "token_url": "https://connect.stripe.com/oauth/token",
                  "scopes": [
                    "read_write"
                  ],
                  "pkce": false,
                  "keep_token_fields": {
                    "stripe_user_id": "meta.stripe_user_id"
                  }
                },
                "token": {
                  "verify": {
                    "path": "/balance"
                  }
                }
              },
              "token_names": [
                "Secret key"
              ],
              "token_instructions": [
                "Dashboard → Developers → API keys: a secret key (sk_…) or a restricted key (rk_…)"
              ]
            },
            {
              "type": "bamboohr",
              "name": "BambooHR",
              "categories": [
                "hris"
              ],
              "api_url": "https://api.bamboohr.com/api/gateway.php/{subdomain}/v1",
              "docs_url": "https://documentation.bamboohr.com/docs/getting-started",
              "auth": {
                "oauth2": {
                  "authorize_url": "https://{subdomain}.bamboohr.com/authorize.php",
                  "token_url": "https://{subdomain}.bamboohr.com/token.php?request=token",
                  "pkce": false
                },
                "basic": {
                  "apply": {
                    "basic": {
                      "username": "{API Key}",
                      "password": "x"
                    }
                  },
                  "verify": {
                    "path": "/meta/users"
                  }
                }
              },
              "token_names": [
                "API Key",
                "subdomain"
              ],
              "token_instructions": [
                "Your name (top right) → API Keys → Add New Key",
                "The part before .bamboohr.com in your company's address"
              ]
            },
            {
              "type": "sendgrid",
              "name": "SendGrid",
              "categories": [
                "messaging"
              ],
              "api_url": "https://api.sendgrid.com/v3",
              "docs_url": "https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication",
              "token_names": [
                "API Key"
              ],
              "token_instructions": [
                "Settings → API Keys → Create API Key"
              ],
              "auth": {
                "token": {
                  "verify": {
                    "path": "/scopes"
                  }
                }
              }
            },
            {
              "type": "openai",
              "name": "OpenAI",
              "categories": [
                "genai"
              ],
              "api_url": "https://api.openai.com/v1",
              "docs_url": "https://platform.openai.com/docs/api-reference/authentication",
              "token_names": [
                "API Key"
              ],
              "token_instructions": [
                "platform.openai.com → API keys → Create new secret key"
              ],
              "auth": {
                "token": {
                  "verify": {
                    "path": "/models"
                  }
                }
              }
            },
            {
              "type": "freshdesk",
              "name": "Freshdesk",
              "categories": [
                "ticketing"
              ],
              "api_url": "https://{domain}.freshdesk.com/api/v2",
              "docs_url": "https://developers.freshdesk.com/api/#authentication",
              "token_names": [
                "API Key",
                "domain"
              ],
              "token_instructions": [
                "Profile settings → View API key",
                "The part before .freshdesk.com"
              ],
              "auth": {
                "basic": {
                  "apply": {
                    "basic": {
                      "username": "{API Key}",
                      "password": "X"
                    }
                  },
                  "verify": {
                    "path": "/agents/me"
                  }
                }
              }
            },
            {
              "type": "mailgun",
              "name": "Mailgun",
              "categories": [
                "messaging"
              ],
              "api_url": "https://api.mailgun.net/v3",
              "docs_url": "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication",
              "token_names": [
                "API Key"
              ],
              "token_instructions": [
                "Account settings → API security → Add new key"
              ],
              "auth": {
                "basic": {
                  "apply": {
                    "basic": {
                      "username": "api",
                      "password": "{API Key}"
                    }
                  },
                  "verify": {
                    "path": "/domains"
                  }
                }
              }
            },
            {
              "type": "jira-api-token",
              "name": "Jira (API token)",
              "categories": [
                "task"
              ],
              "api_url": "https://{site}.atlassian.net/rest/api/3",
              "docs_url": "https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/",
              "token_names": [
                "Email",
                "API token",
                "site"
              ],
              "token_instructions": [
                "The email address of your Atlassian account",
                "id.atlassian.com → Security → Create and manage API tokens",
                "The part before .atlassian.net"
              ],
              "auth": {
                "basic": {
                  "apply": {
                    "basic": {
                      "username": "{Email}",
                      "password": "{API token}"
                    }
                  },
                  "verify": {
                    "path": "/myself"
                  }
                }
              }
            },
            {
              "type": "trello",
              "name": "Trello",
              "categories": [
                "task"
              ],
              "api_url": "https://api.trello.com/1",
              "docs_url": "https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/",
              "token_names": [
                "API Key",
                "Token"
              ],
              "token_instructions": [
                "trello.com/power-ups/admin → your Power-Up → API key",
                "The token you generate from the API key page"
              ],
              "auth": {
                "other": {
                  "apply": {
                    "query": {
                      "key": "{API Key}",
                      "token": "{Token}"
                    }
                  },
                  "verify": {
                    "path": "/members/me"
                  }
                }
              }
            },
            {
              "type": "tumblr",
              "name": "Tumblr",
              "categories": [
                "social"
              ],
              "api_url": "https://api.tumblr.com/v2",
              "docs_url": "https://www.tumblr.com/docs/en/api/v2#oauth1-authorization",
              "auth": {
                "oauth1": {
                  "request_token_url": "https://www.tumblr.com/oauth/request_token",
                  "authorize_url": "https://www.tumblr.com/oauth/authorize",
                  "access_token_url": "https://www.tumblr.com/oauth/access_token"
                }
              }
            },
            {
              "type": "flickr",
              "name": "Flickr",
              "categories": [
                "storage"
              ],
              "api_url": "https://api.flickr.com/services/rest",
              "docs_url": "https://www.flickr.com/services/api/auth.oauth.html",
              "auth": {
                "oauth1": {
                  "request_token_url": "https://www.flickr.com/services/oauth/request_token",
                  "authorize_url": "https://www.flickr.com/services/oauth/authorize",
                  "access_token_url": "https://www.flickr.com/services/oauth/access_token"
                }
              }
            }
          ]
        }
        """#
}
