import type { AddressItem, EmailAddressItem, PhoneNumberItem, WebsiteItem } from '../model/records.ts';
import type { ValidationProblems } from './api-errors.ts';
import type { NestedItemRules } from './nested-collections.ts';
import type { Input } from './request-body.ts';

/**
 * An optional text property of a nested item, reported as `collection.property`: undefined when
 * absent, null when null or blank, else the trimmed text.
 */
function text(
  input: Input,
  collection: string,
  property: string,
  problems: ValidationProblems,
): string | null | undefined {
  const value = input[property];
  if (value === undefined || value === null) {
    return value;
  }
  if (typeof value !== 'string') {
    problems.add(`${collection}.${property}`, `${property} must be a string`);
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Keeps the current value when the property was not sent. */
function pick<V>(sent: V | undefined, current: V): V {
  return sent === undefined ? current : sent;
}

/** Addresses: every property optional. */
export const addressRules: NestedItemRules<AddressItem> = {
  create: (input, id, problems) => {
    const item: AddressItem = {
      id,
      type: null,
      street: null,
      city: null,
      state: null,
      zip: null,
      country: null,
    };
    return addressRules.update(item, input, problems);
  },
  update: (item, input, problems) => ({
    id: item.id,
    type: pick(text(input, 'addresses', 'type', problems), item.type),
    street: pick(text(input, 'addresses', 'street', problems), item.street),
    city: pick(text(input, 'addresses', 'city', problems), item.city),
    state: pick(text(input, 'addresses', 'state', problems), item.state),
    zip: pick(text(input, 'addresses', 'zip', problems), item.zip),
    country: pick(text(input, 'addresses', 'country', problems), item.country),
  }),
};

/** Phone numbers: `number` required. */
export const phoneNumberRules: NestedItemRules<PhoneNumberItem> = {
  create: (input, id, problems) => {
    const number = text(input, 'phoneNumbers', 'number', problems);
    if (typeof number !== 'string') {
      problems.add('phoneNumbers.number', 'number is required');
      return undefined;
    }
    return { id, type: text(input, 'phoneNumbers', 'type', problems) ?? null, number };
  },
  update: (item, input, problems) => {
    const number = text(input, 'phoneNumbers', 'number', problems);
    if (number === null) {
      problems.add('phoneNumbers.number', 'number is required');
    }
    return {
      id: item.id,
      type: pick(text(input, 'phoneNumbers', 'type', problems), item.type),
      number: number ?? item.number,
    };
  },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailAddress(input: Input, problems: ValidationProblems): string | null | undefined {
  const address = text(input, 'emailAddresses', 'address', problems);
  if (typeof address === 'string' && !EMAIL.test(address)) {
    problems.add('emailAddresses.address', 'address is not a valid email address');
    return undefined;
  }
  return address;
}

/** Email addresses: `address` required and shaped like an address. */
export const emailAddressRules: NestedItemRules<EmailAddressItem> = {
  create: (input, id, problems) => {
    const address = emailAddress(input, problems);
    if (address === null || (address === undefined && input.address === undefined)) {
      problems.add('emailAddresses.address', 'address is required');
    }
    if (typeof address !== 'string') {
      return undefined;
    }
    return { id, type: text(input, 'emailAddresses', 'type', problems) ?? null, address };
  },
  update: (item, input, problems) => {
    const address = emailAddress(input, problems);
    if (address === null) {
      problems.add('emailAddresses.address', 'address is required');
    }
    return {
      id: item.id,
      type: pick(text(input, 'emailAddresses', 'type', problems), item.type),
      address: address ?? item.address,
    };
  },
};

/** The website services Capsule accepts. */
export const WEBSITE_SERVICES = [
  'URL',
  'SKYPE',
  'TWITTER',
  'LINKED_IN',
  'FACEBOOK',
  'XING',
  'FEED',
  'GITHUB',
  'YOUTUBE',
  'INSTAGRAM',
  'PINTEREST',
] as const;

const PROFILE_URLS: Readonly<Record<string, string>> = {
  TWITTER: 'https://twitter.com/',
  LINKED_IN: 'https://www.linkedin.com/in/',
  FACEBOOK: 'https://www.facebook.com/',
  GITHUB: 'https://github.com/',
  YOUTUBE: 'https://www.youtube.com/',
  INSTAGRAM: 'https://www.instagram.com/',
  PINTEREST: 'https://www.pinterest.com/',
};

/** The `url` Capsule derives from a website's service and address. */
export function websiteUrl(service: string, address: string): string {
  if (/^https?:\/\//i.test(address)) {
    return address;
  }
  const profile = PROFILE_URLS[service];
  if (profile !== undefined) {
    return `${profile}${address}`;
  }
  return service === 'URL' || service === 'FEED' ? `http://${address}` : address;
}

function websiteService(input: Input, problems: ValidationProblems): string | undefined {
  const service = input.service;
  if (service === undefined || service === null) {
    return undefined;
  }
  if (typeof service !== 'string' || !(WEBSITE_SERVICES as readonly string[]).includes(service)) {
    problems.add('websites.service', `service must be one of ${WEBSITE_SERVICES.join(', ')}`);
    return undefined;
  }
  return service;
}

/** Websites: `address` required; `service` defaults to URL and `url` is derived from both. */
export const websiteRules: NestedItemRules<WebsiteItem> = {
  create: (input, id, problems) => {
    const address = text(input, 'websites', 'address', problems);
    if (typeof address !== 'string') {
      problems.add('websites.address', 'address is required');
      return undefined;
    }
    const service = websiteService(input, problems) ?? 'URL';
    return {
      id,
      type: text(input, 'websites', 'type', problems) ?? null,
      service,
      address,
      url: websiteUrl(service, address),
    };
  },
  update: (item, input, problems) => {
    const address = text(input, 'websites', 'address', problems);
    if (address === null) {
      problems.add('websites.address', 'address is required');
    }
    const service = websiteService(input, problems) ?? item.service;
    const nextAddress = address ?? item.address;
    return {
      id: item.id,
      type: pick(text(input, 'websites', 'type', problems), item.type),
      service,
      address: nextAddress,
      url: websiteUrl(service, nextAddress),
    };
  },
};
