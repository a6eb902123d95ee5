/** Storage of the partner's accounts (its customers). */
export interface AccountStore {
  exists(id: string): Promise<boolean>;
}
