// The e2e run writes into DATABASE_URL; e2e/local-database.ts lets it do so only on this machine.
import { describe, expect, it } from 'vitest';
import { assertLocalDatabase, nonLocalDatabaseReason } from '../e2e/local-database';

describe('e2e database guard', () => {
  it.each([
    'postgresql://u:p@127.0.0.1:5432/db',
    'postgres://u@localhost/db',
    'postgresql://u@[::1]:5433/db',
    'postgresql:///db',
    'postgresql://u@%2Fvar%2Frun%2Fpostgresql/db',
    'postgresql:///db?host=/var/run/postgresql',
  ])('accepts the local database %s', (url) => {
    expect(nonLocalDatabaseReason(url)).toBeNull();
  });

  it.each([
    ['postgresql://u:p@db.example.com:5432/prod', 'db.example.com'],
    ['postgresql://u@10.0.0.5/db', '10.0.0.5'],
    ['postgresql://u@localhost/db?host=prod-db', 'prod-db'],
    ['postgresql://u@127.0.0.1/db?host=/tmp,remote', 'remote'],
  ])('refuses %s', (url, host) => {
    expect(nonLocalDatabaseReason(url)).toContain(host);
  });

  it('throws a message that says what to do, and lets the embedded database through', () => {
    expect(() => assertLocalDatabase('postgresql://u@db.example.com/prod')).toThrow(
      /Refusing to run the end-to-end tests.*db\.example\.com.*Unset DATABASE_URL/,
    );
    expect(() => assertLocalDatabase(undefined)).not.toThrow();
  });
});
