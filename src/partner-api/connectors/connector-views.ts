import type {
  ConnectorDefinition,
  FieldDefinition,
  MethodDefinition,
  ParameterDefinition,
} from '../../connectors/connector-definition.ts';

const TARGET_TYPES = {
  path: 'MergeField',
  query: 'QueryString',
  header: 'HttpHeader',
  body: 'Body',
} as const;

/** A stable GUID for a connector's single OAuth 2 authentication option (Cyclr's `Authentication[].Id`). */
export function authenticationIdOf(definition: ConnectorDefinition): string {
  return `00000000-0000-4000-8000-${String(definition.id).padStart(12, '0')}`;
}

export function parameterView(parameter: ParameterDefinition, index: number, method: MethodDefinition) {
  return {
    Id: method.id * 100 + index + 1,
    Name: parameter.name,
    Description: parameter.description,
    TargetType: TARGET_TYPES[parameter.location],
    TargetName: parameter.targetName ?? parameter.name,
    DataType: parameter.dataType,
    IsOptional: !parameter.required,
    AllowMultiple: parameter.multiple !== undefined,
    Values: parameter.values ?? [],
  };
}

function fieldView(field: FieldDefinition) {
  return {
    Name: field.name,
    DisplayName: field.displayName,
    Description: field.description ?? null,
    DataType: field.dataType,
    IsOptional: !field.required,
    Values: field.values ?? [],
  };
}

/** A method as `GET /v1.0/connectors/{id}/methods` lists it. */
export function methodView(method: MethodDefinition) {
  return {
    Id: method.id,
    MethodUniqueIdentifier: method.uniqueIdentifier,
    Name: method.name,
    Description: method.description,
    Category: method.category,
    MethodType: 'Action',
    HttpMethod: method.httpMethod,
    EndPoint: method.endpoint,
    Parameters: method.parameters.map((p, i) => parameterView(p, i, method)),
    RequestFormat: method.request
      ? {
          DataType: 'Json',
          WrapKey: method.request.wrapKey ?? null,
          Fields: method.request.fields.map(fieldView),
        }
      : null,
    ResponseFormat: {
      DataType: 'Json',
      WrapKey: method.response.wrapKey ?? null,
      IsList: method.response.isList,
      Fields: method.response.fields.map(fieldView),
    },
    Paging:
      method.paging.style === 'none' ? null : { Style: 'PageNumber', MaxPageSize: method.paging.maxPageSize },
  };
}

/** The connector object of Cyclr's catalog. */
export function connectorView(definition: ConnectorDefinition) {
  const authentication = {
    Id: authenticationIdOf(definition),
    AuthName: 'OAuth 2',
    AuthDescription: `Sign in to ${definition.name} and allow access.`,
    AuthType: definition.auth.type,
    OAuth2Type: 'AuthorisationCode',
    AuthScheme: null,
  };
  return {
    Id: definition.id,
    Name: definition.name,
    Description: definition.description,
    Status: 'Approved',
    Version: definition.version,
    Icon: definition.icon,
    AuthDescription: authentication.AuthDescription,
    AuthType: definition.auth.type,
    OAuth2Type: 'AuthorisationCode',
    AuthScheme: null,
    IsSystemConnector: false,
    Categories: [...definition.categories],
    Triggers: [],
    Parameters: definition.properties.map((p, i) => ({
      Id: definition.id * 1000 + i + 1,
      Name: p.name,
      Description: p.description,
      TargetType: 'MergeField',
      TargetName: p.name,
      IsAccountConnectorProperty: p.isAccountConnectorProperty,
      IsSensitive: p.isSensitive,
      IsOptional: p.isOptional,
      DataType: 'Text',
      Values: [],
    })),
    Authentication: [authentication],
    MethodCount: definition.methods.length,
  };
}
