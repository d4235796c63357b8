import Link from 'next/link';
import { addressPath } from '@/lib/queries/get-address';

/** An address as a place: a link to its page of flows, activities and blind spots. */
export function AddressLink({ assessmentId, ip, className = '' }: { assessmentId: string; ip: string; className?: string }) {
  return (
    <Link href={addressPath(assessmentId, ip)} className={`font-mono text-sky-700 hover:underline dark:text-sky-400 ${className}`} data-testid="address-link">
      {ip}
    </Link>
  );
}

/** `text` with every occurrence of `ip` as a link to its page (the rest stays text). */
export function WithAddressLinks({ assessmentId, text, ip }: { assessmentId: string; text: string; ip: string | null }) {
  if (!ip || !text.includes(ip)) return <>{text}</>;
  // Whole addresses only: 10.0.0.1 is not a link inside 10.0.0.12 (a sentence's full stop may follow).
  const escaped = ip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = text.split(new RegExp(`(?<![0-9A-Fa-f.:])${escaped}(?![0-9A-Fa-f:]|\\.\\d)`));
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed string, never reordered
        <span key={i}>
          {p}
          {i < parts.length - 1 && <AddressLink assessmentId={assessmentId} ip={ip} />}
        </span>
      ))}
    </>
  );
}
