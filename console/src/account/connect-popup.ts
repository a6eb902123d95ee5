import { type AuthorizeLink, accountApi } from './account-api.ts';

export type ConnectOutcome = 'connected' | 'closed' | 'blocked';

/**
 * Connects an app through the same popup a partner's own page uses: the window is opened inside the
 * click (browsers block later ones), then sent to the one-time `/UpdateAccountConnectorOAuth` link;
 * the callback page posts our `callbackMessage` back to this origin when the connection is stored. A
 * failed sign-in shows its reason in the window and posts nothing, so closing it counts as not connected.
 */
export async function connectInPopup(accountConnectorId: number): Promise<ConnectOutcome> {
  const popup = window.open('', 'plugboard-connect', 'popup,width=560,height=720');
  if (!popup) return 'blocked';
  popup.document.title = 'Connecting…';
  popup.document.body.textContent = 'Opening the sign-in page…';
  let link: AuthorizeLink;
  try {
    link = await accountApi.send<AuthorizeLink>(
      'POST',
      `/account-api/connectors/${accountConnectorId}/authorize`,
    );
  } catch (error) {
    popup.close();
    throw error;
  }
  if (popup.closed) return 'closed';
  popup.location.href = link.Url;
  return new Promise<ConnectOutcome>((resolve) => {
    const finish = (outcome: ConnectOutcome) => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
      resolve(outcome);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin === link.ServiceOrigin && event.data === link.CallbackMessage) finish('connected');
    };
    // The callback page posts, then closes itself: the message may be handled after the window is seen
    // closed, so a closed window counts as "not connected" only once a message had time to arrive.
    let closedSeen = false;
    const watch = setInterval(() => {
      if (!popup.closed) return;
      if (closedSeen) finish('closed');
      closedSeen = true;
    }, 400);
    window.addEventListener('message', onMessage);
  });
}
