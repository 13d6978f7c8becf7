/// The OpenAPI 3.1 description of every route Latchkey serves, answered at `GET /openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Latchkey",
            "version": "0.1.0",
            "description": "Obtains, stores sealed, keeps fresh and applies the credentials of third-party API connections. The connection API is wire-compatible with Unified.to's."
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "security": [
            {
              "apiKey": []
            }
          ],
          "paths": {
            "/health": {
              "get": {
                "operationId": "health",
                "summary": "Liveness",
                "security": [],
                "responses": {
                  "200": {
                    "description": "Serving",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "status": {
                              "type": "string"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "/health/ready": {
              "get": {
                "operationId": "ready",
                "summary": "Readiness: the database answers",
                "security": [],
                "responses": {
                  "200": {
                    "description": "Ready to serve",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "status": {
                              "type": "string"
                            }
                          }
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "The database cannot be reached (store_unavailable); see Retry-After",
                    "headers": {
                      "Retry-After": {
                        "schema": {
                          "type": "integer"
                        }
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document",
                "security": [],
                "responses": {
                  "200": {
                    "description": "The OpenAPI document",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/unified/connection": {
              "get": {
                "operationId": "listUnifiedConnections",
                "summary": "List connections",
                "responses": {
                  "200": {
                    "description": "A page of connections",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Connection"
                          }
                        }
                      }
                    }
                  },
                  "400": {
                    "description": "A parameter of the wrong type",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "422": {
                    "description": "A parameter out of range",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  }
                },
                "parameters": [
                  {
                    "name": "limit",
                    "in": "query",
                    "schema": {
                      "type": "number",
                      "default": 100,
                      "minimum": 1,
                      "maximum": 1000
                    }
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "schema": {
                      "type": "number",
                      "default": 0,
                      "minimum": 0
                    }
                  },
                  {
                    "name": "sort",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "name",
                        "updated_at",
                        "created_at"
                      ],
                      "default": "created_at"
                    }
                  },
                  {
                    "name": "order",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "asc",
                        "desc"
                      ],
                      "default": "asc"
                    }
                  },
                  {
                    "name": "updated_gte",
                    "in": "query",
                    "schema": {
                      "type": "string",
                      "format": "date-time"
                    }
                  },
                  {
                    "name": "categories",
                    "in": "query",
                    "style": "form",
                    "explode": true,
                    "schema": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  },
                  {
                    "name": "external_xref",
                    "in": "query",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "env",
                    "in": "query",
                    "schema": {
                      "type": "string"
                    }
                  }
                ]
              },
              "post": {
                "operationId": "createUnifiedConnection",
                "summary": "Create a connection from existing credentials",
                "responses": {
                  "200": {
                    "description": "The stored connection",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  }
                },
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ConnectionInput"
                      }
                    }
                  }
                }
              }
            },
            "/unified/connection/{id}": {
              "parameters": [
                {
                  "name": "id",
                  "in": "path",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "get": {
                "operationId": "getUnifiedConnection",
                "summary": "Retrieve a connection, its token refreshed first when it expires within the refresh margin",
                "responses": {
                  "200": {
                    "description": "The connection",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "description": "Missing API key, or the connection must be authorized again (connection_unhealthy) or cannot be refreshed (token_expired)",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "The provider is failing transiently (refresh_unavailable); see Retry-After",
                    "headers": {
                      "Retry-After": {
                        "schema": {
                          "type": "integer"
                        }
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "patch": {
                "operationId": "patchUnifiedConnection",
                "summary": "Merge fields into a connection (RFC 7386: null removes a field)",
                "responses": {
                  "200": {
                    "description": "The updated connection",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  }
                },
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ConnectionInput"
                      }
                    }
                  }
                }
              },
              "put": {
                "operationId": "updateUnifiedConnection",
                "summary": "Replace a connection's writable fields",
                "responses": {
                  "200": {
                    "description": "The updated connection",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  }
                },
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ConnectionInput"
                      }
                    }
                  }
                }
              },
              "delete": {
                "operationId": "removeUnifiedConnection",
                "summary": "Delete a connection",
                "responses": {
                  "200": {
                    "description": "Deleted"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  }
                }
              }
            },
            "/unified/integration": {
              "get": {
                "operationId": "listUnifiedIntegrations",
                "summary": "List the integration catalog",
                "parameters": [
                  {
                    "name": "type",
                    "in": "query",
                    "style": "form",
                    "explode": true,
                    "schema": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  },
                  {
                    "name": "categories",
                    "in": "query",
                    "style": "form",
                    "explode": true,
                    "schema": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "schema": {
                      "type": "number",
                      "default": 100,
                      "minimum": 1,
                      "maximum": 1000
                    }
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "schema": {
                      "type": "number",
                      "default": 0,
                      "minimum": 0
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Catalog entries",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          }
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  }
                }
              }
            },
            "/unified/integration/workspace/{workspace_id}": {
              "parameters": [
                {
                  "name": "workspace_id",
                  "in": "path",
                  "required": true,
                  "schema": {
                    "type": "string"
                  },
                  "description": "Must be the workspace of the API key; any other answers 404."
                }
              ],
              "get": {
                "operationId": "listUnifiedIntegrationWorkspaces",
                "summary": "List the integrations the workspace has an OAuth app for",
                "responses": {
                  "200": {
                    "description": "Catalog entries",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          }
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/unified/integration/workspace/{workspace_id}/{integration_type}": {
              "parameters": [
                {
                  "name": "workspace_id",
                  "in": "path",
                  "required": true,
                  "schema": {
                    "type": "string"
                  },
                  "description": "Must be the workspace of the API key; any other answers 404."
                },
                {
                  "name": "integration_type",
                  "in": "path",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "get": {
                "operationId": "getIntegrationApp",
                "summary": "The workspace's OAuth app for an integration (never its secret)",
                "responses": {
                  "200": {
                    "description": "The app",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/IntegrationApp"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              },
              "put": {
                "operationId": "configureIntegrationApp",
                "summary": "Set the workspace's OAuth app for an integration; the client secret is stored sealed",
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/IntegrationAppInput"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The app",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/IntegrationApp"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "$ref": "#/components/responses/TooLarge"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  }
                }
              },
              "delete": {
                "operationId": "removeIntegrationApp",
                "summary": "Remove the workspace's OAuth app for an integration",
                "responses": {
                  "200": {
                    "description": "Removed"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                }
              }
            },
            "/unified/integration/auth/{workspace_id}/{integration_type}": {
              "get": {
                "operationId": "getUnifiedIntegrationAuth",
                "summary": "Start an end user's authorization: the provider's authorize URL (OAuth 2.0, OAuth 1.0a) or Latchkey's credential page (API keys, basic, other), or a redirect to it",
                "security": [],
                "parameters": [
                  {
                    "name": "workspace_id",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "integration_type",
                    "in": "path",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "success_redirect",
                    "in": "query",
                    "description": "Absolute http(s) URL; the new connection's id and the caller's state are appended.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "failure_redirect",
                    "in": "query",
                    "description": "Absolute http(s) URL; an error code is appended.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "state",
                    "in": "query",
                    "description": "Handed back on the success redirect.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "scopes",
                    "in": "query",
                    "style": "form",
                    "explode": true,
                    "schema": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "description": "Instead of the app's or the catalog's scopes."
                  },
                  {
                    "name": "external_xref",
                    "in": "query",
                    "description": "The caller's id for the end user.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "env",
                    "in": "query",
                    "description": "The new connection's environment.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "redirect",
                    "in": "query",
                    "description": "true answers a 302 to the provider instead of the URL as text.",
                    "schema": {
                      "type": "boolean"
                    }
                  },
                  {
                    "name": "subdomain",
                    "in": "query",
                    "description": "Fills {subdomain} in the integration's URLs.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "connection_id",
                    "in": "query",
                    "description": "Re-authorize this connection in place.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "lang",
                    "in": "query",
                    "description": "Accepted and ignored.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "region",
                    "in": "query",
                    "description": "Accepted and ignored.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "auth_kind",
                    "in": "query",
                    "description": "Which of the integration's kinds to authorize: oauth2, oauth1, token, basic or other. Defaults to the first the integration lists.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "oauth2",
                        "oauth1",
                        "token",
                        "basic",
                        "other"
                      ]
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The authorize URL",
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string",
                          "format": "uri"
                        }
                      }
                    }
                  },
                  "302": {
                    "description": "Redirect to the provider (redirect=true)",
                    "headers": {
                      "Location": {
                        "schema": {
                          "type": "string",
                          "format": "uri"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "$ref": "#/components/responses/Unprocessable"
                  }
                }
              }
            },
            "/oauth/callback": {
              "get": {
                "operationId": "oauthCallback",
                "summary": "Where providers send end users back; register {public URL}/oauth/callback as the redirect URI",
                "security": [],
                "parameters": [
                  {
                    "name": "state",
                    "in": "query",
                    "description": "The flow's state.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "code",
                    "in": "query",
                    "description": "The authorization code.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "error",
                    "in": "query",
                    "description": "The provider's refusal, such as access_denied.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "oauth_token",
                    "in": "query",
                    "description": "OAuth 1.0a: the temporary token the end user authorized.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "oauth_verifier",
                    "in": "query",
                    "description": "OAuth 1.0a: the verifier to exchange for token credentials.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "302": {
                    "description": "To success_redirect with id and state, or to failure_redirect with error",
                    "headers": {
                      "Location": {
                        "schema": {
                          "type": "string",
                          "format": "uri"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "The new connection's id, when the flow has no success_redirect",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object",
                          "properties": {
                            "id": {
                              "type": "string"
                            }
                          }
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  }
                }
              }
            },
            "/unified/connection/{id}/refresh": {
              "parameters": [
                {
                  "name": "id",
                  "in": "path",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "post": {
                "operationId": "refreshUnifiedConnection",
                "summary": "Refresh the connection's token now, whatever its expiry",
                "responses": {
                  "200": {
                    "description": "The connection with its new token",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "Missing API key, or the connection must be authorized again (code connection_unhealthy) or cannot be refreshed (token_expired)",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "503": {
                    "description": "The provider is failing transiently (code refresh_unavailable); see Retry-After",
                    "headers": {
                      "Retry-After": {
                        "schema": {
                          "type": "integer"
                        }
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/connect/{state}": {
              "get": {
                "operationId": "getCredentialPage",
                "summary": "The hosted page where an end user types in an integration's credentials (token_names, token_instructions)",
                "security": [],
                "parameters": [
                  {
                    "name": "state",
                    "in": "path",
                    "required": true,
                    "description": "The flow's state, as the authorize endpoint gave it.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The form; sets a CSRF cookie scoped to the page",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "No such flow",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "410": {
                    "description": "The flow expired or was used",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              },
              "post": {
                "operationId": "submitCredentialPage",
                "summary": "Submit the credential form: checks the CSRF token and every value, verifies them when the integration defines a verification request, stores the connection and redirects like /oauth/callback",
                "security": [],
                "parameters": [
                  {
                    "name": "state",
                    "in": "path",
                    "required": true,
                    "description": "The flow's state, as the authorize endpoint gave it.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/x-www-form-urlencoded": {
                      "schema": {
                        "type": "object",
                        "properties": {
                          "csrf_token": {
                            "type": "string"
                          }
                        },
                        "additionalProperties": {
                          "type": "string"
                        },
                        "description": "csrf_token and value_0, value_1 … in the order of token_names"
                      }
                    }
                  }
                },
                "responses": {
                  "302": {
                    "description": "To success_redirect with id and state, or to failure_redirect with error",
                    "headers": {
                      "Location": {
                        "schema": {
                          "type": "string",
                          "format": "uri"
                        }
                      }
                    }
                  },
                  "403": {
                    "description": "The CSRF token is missing or wrong; the form again",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "422": {
                    "description": "A value is missing or the integration refused the credentials; the form again, without the values",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "The integration could not be reached to verify the credentials; the form again",
                    "content": {
                      "text/html": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/passthrough/{id}": {
              "get": {
                "operationId": "passthroughGet",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "post": {
                "operationId": "passthroughPost",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "put": {
                "operationId": "passthroughPut",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "patch": {
                "operationId": "passthroughPatch",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "delete": {
                "operationId": "passthroughDelete",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "head": {
                "operationId": "passthroughHead",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "options": {
                "operationId": "passthroughOptions",
                "summary": "Call the connection's API base with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/passthrough/{id}/{path}": {
              "get": {
                "operationId": "passthroughGetPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "post": {
                "operationId": "passthroughPostPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "put": {
                "operationId": "passthroughPutPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "patch": {
                "operationId": "passthroughPatchPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                },
                "requestBody": {
                  "required": false,
                  "content": {
                    "*/*": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                }
              },
              "delete": {
                "operationId": "passthroughDeletePath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "head": {
                "operationId": "passthroughHeadPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              },
              "options": {
                "operationId": "passthroughOptionsPath",
                "summary": "Call the connection's API with its credentials applied",
                "description": "The query passes unchanged; request and response bodies stream; the caller's Authorization header (its Latchkey API key) and hop-by-hop headers are not forwarded, every other header is. The upstream's status, headers (less hop-by-hop ones) and body come back as sent; redirects are returned, never followed. An upstream 401 on a call whose body could be kept (none, or up to 1 MiB) refreshes the token once and tries once more.",
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "required": true,
                    "description": "The connection's id.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "name": "path",
                    "in": "path",
                    "required": true,
                    "description": "The path under the connection's API base, slashes included (/passthrough/{id}/v2/users/7). Refused with 400 unsafe_path: . and .. segments, //, percent-encoded slashes, backslashes, dots and control characters, raw backslashes, @, and absolute URLs.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "default": {
                    "description": "The upstream's answer, as it sent it"
                  },
                  "400": {
                    "description": "unsafe_path, unsafe_query, unsafe_header",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "401": {
                    "description": "unauthorized (no or wrong API key), connection_unhealthy",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "404": {
                    "description": "not_found",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "413": {
                    "description": "body_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "431": {
                    "description": "headers_too_large",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "502": {
                    "description": "upstream_unreachable",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  },
                  "504": {
                    "description": "upstream_timeout",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "getMetrics",
                "summary": "Prometheus metrics: requests and latency per route, passthrough calls per integration and upstream status, upstream latency, refreshes and their outcome",
                "security": [],
                "responses": {
                  "200": {
                    "description": "The Prometheus text exposition format",
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "apiKey": {
                "type": "apiKey",
                "in": "header",
                "name": "authorization",
                "description": "The workspace API key, verbatim or as 'Bearer <key>'."
              }
            },
            "schemas": {
              "ConnectionAuth": {
                "type": "object",
                "properties": {
                  "access_token": {
                    "type": "string"
                  },
                  "api_url": {
                    "type": "string",
                    "format": "uri"
                  },
                  "app_id": {
                    "type": "string"
                  },
                  "authorize_url": {
                    "type": "string",
                    "format": "uri"
                  },
                  "client_id": {
                    "type": "string"
                  },
                  "client_secret": {
                    "type": "string"
                  },
                  "consumer_key": {
                    "type": "string"
                  },
                  "consumer_secret": {
                    "type": "string"
                  },
                  "emails": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "expires_in": {
                    "type": [
                      "number",
                      "string"
                    ],
                    "description": "Seconds; numeric strings are accepted on input, numbers are written."
                  },
                  "expiry_date": {
                    "type": [
                      "string",
                      "number"
                    ],
                    "description": "RFC 3339 UTC on output. Input also accepts offsets, fractional seconds, date-only values and epoch seconds."
                  },
                  "key": {
                    "type": "string"
                  },
                  "meta": {
                    "type": "object",
                    "additionalProperties": true
                  },
                  "name": {
                    "type": "string"
                  },
                  "other_auth_info": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "For integrations of the \"other\" kind: the credentials in the order of the integration's token_names."
                  },
                  "pem": {
                    "type": "string"
                  },
                  "refresh_token": {
                    "type": "string"
                  },
                  "state": {
                    "type": "string"
                  },
                  "token": {
                    "type": "string"
                  },
                  "token_url": {
                    "type": "string",
                    "format": "uri"
                  },
                  "refresh_token_expires_in": {
                    "type": [
                      "number",
                      "string"
                    ]
                  },
                  "refresh_token_expires_date": {
                    "type": [
                      "string",
                      "number"
                    ]
                  },
                  "refresh_url": {
                    "type": "string",
                    "format": "uri"
                  },
                  "dev_api_key": {
                    "type": "string"
                  },
                  "user_id": {
                    "type": "string"
                  },
                  "audience": {
                    "type": "string"
                  }
                }
              },
              "Connection": {
                "type": "object",
                "required": [
                  "id",
                  "workspace_id",
                  "integration_type",
                  "categories",
                  "permissions",
                  "environment",
                  "is_paused",
                  "created_at",
                  "updated_at"
                ],
                "properties": {
                  "id": {
                    "type": "string",
                    "readOnly": true
                  },
                  "workspace_id": {
                    "type": "string",
                    "readOnly": true
                  },
                  "integration_type": {
                    "type": "string"
                  },
                  "integration_name": {
                    "type": "string"
                  },
                  "categories": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Open set: unknown values are kept."
                  },
                  "permissions": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Open set: unknown values are kept."
                  },
                  "auth": {
                    "$ref": "#/components/schemas/ConnectionAuth"
                  },
                  "environment": {
                    "type": "string",
                    "default": "Production"
                  },
                  "external_xref": {
                    "type": "string"
                  },
                  "is_paused": {
                    "type": "boolean",
                    "readOnly": true
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time",
                    "readOnly": true
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time",
                    "readOnly": true
                  },
                  "last_healthy_at": {
                    "type": "string",
                    "format": "date-time",
                    "readOnly": true
                  },
                  "last_unhealthy_at": {
                    "type": "string",
                    "format": "date-time",
                    "readOnly": true
                  },
                  "last_unhealthy_code": {
                    "type": "string",
                    "readOnly": true
                  }
                }
              },
              "ConnectionInput": {
                "type": "object",
                "description": "The writable fields of a connection. Read-only fields may be sent and are ignored.",
                "properties": {
                  "integration_type": {
                    "type": "string"
                  },
                  "integration_name": {
                    "type": "string"
                  },
                  "categories": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Open set: unknown values are kept."
                  },
                  "permissions": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Open set: unknown values are kept."
                  },
                  "auth": {
                    "$ref": "#/components/schemas/ConnectionAuth"
                  },
                  "environment": {
                    "type": "string",
                    "default": "Production"
                  },
                  "external_xref": {
                    "type": "string"
                  }
                },
                "additionalProperties": true
              },
              "Error": {
                "type": "object",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": [
                      "status",
                      "code",
                      "message"
                    ],
                    "properties": {
                      "status": {
                        "type": "integer"
                      },
                      "code": {
                        "type": "string",
                        "description": "Stable and machine-readable: unauthorized, not_found, malformed_json, invalid_body, invalid_type, invalid_value, missing_field, invalid_field, invalid_parameter, body_too_large, method_not_allowed, internal_error."
                      },
                      "message": {
                        "type": "string"
                      },
                      "field": {
                        "type": "string",
                        "description": "The JSON path or query parameter at fault."
                      }
                    }
                  }
                }
              },
              "Integration": {
                "type": "object",
                "required": [
                  "type",
                  "name",
                  "categories",
                  "auth_kinds",
                  "is_active"
                ],
                "properties": {
                  "type": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "categories": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "api_url": {
                    "type": "string"
                  },
                  "api_docs_url": {
                    "type": "string"
                  },
                  "web_url": {
                    "type": "string"
                  },
                  "logo_url": {
                    "type": "string"
                  },
                  "token_names": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "token_instructions": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "auth_kinds": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "oauth2",
                        "oauth2_client_credentials",
                        "oauth1",
                        "token",
                        "basic",
                        "other",
                        "app",
                        "jwt_bearer"
                      ]
                    },
                    "description": "How connections of this integration can authenticate: oauth2, oauth2_client_credentials, oauth1, token, basic, other, app, jwt_bearer"
                  },
                  "is_active": {
                    "type": "boolean"
                  }
                }
              },
              "IntegrationApp": {
                "type": "object",
                "required": [
                  "workspace_id",
                  "integration_type",
                  "client_id",
                  "created_at",
                  "updated_at"
                ],
                "properties": {
                  "workspace_id": {
                    "type": "string"
                  },
                  "integration_type": {
                    "type": "string"
                  },
                  "client_id": {
                    "type": "string"
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time"
                  }
                }
              },
              "IntegrationAppInput": {
                "type": "object",
                "required": [
                  "client_id",
                  "client_secret"
                ],
                "properties": {
                  "client_id": {
                    "type": "string"
                  },
                  "client_secret": {
                    "type": "string",
                    "writeOnly": true
                  },
                  "scopes": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Instead of the catalog's default scopes."
                  }
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "Malformed JSON, or a value of the wrong type",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "Missing or unknown API key",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "No such resource in this workspace",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "TooLarge": {
                "description": "The body is larger than the limit",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Unprocessable": {
                "description": "A missing or meaningless value",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
