import { describe, expect, it } from 'vitest';
import { escapeHtml, renderConsentPage, renderErrorPage } from './consent-page.ts';

const view = {
  appName: 'Plugboard',
  scopes: ['read', 'write'],
  userName: 'Scott Spacey',
  userEmail: 'scott@example.com',
  subdomain: 'exampleco',
  consentId: 'consent-1',
  redirectOrigin: 'http://localhost:3000',
};

describe('consent page', () => {
  it('escapes every character that could end an element or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes the app name, user and consent id it shows', () => {
    const html = renderConsentPage({
      ...view,
      appName: '<img src=x onerror=alert(1)>',
      userName: '"Scott"',
      consentId: '"><script>alert(1)</script>',
    });

    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('posts only the consent id and the decision back to the authorise endpoint', () => {
    const html = renderConsentPage(view);
    const inputs = html.match(/<input[^>]*>/g) ?? [];

    expect(html).toContain('<form method="post" action="authorise">');
    expect(inputs).toEqual(['<input type="hidden" name="consent_id" value="consent-1">']);
  });

  it('describes each requested scope', () => {
    const html = renderConsentPage({ ...view, scopes: ['read', 'tenant'] });

    expect(html).toContain('<strong>read</strong>: Read your contacts');
    expect(html).toContain('<strong>tenant</strong>: See which Capsule account you use');
  });

  it('escapes the message of an error page', () => {
    expect(renderErrorPage('bad <b>input</b>')).toContain('bad &lt;b&gt;input&lt;/b&gt;');
  });
});
