/** A flow's Community ID v1, to find the same flow in Zeek, Suricata, Arkime or Elastic (select it to copy). */
export function CommunityId({ id }: { id: string | null | undefined }) {
  if (!id) return null;
  return (
    <>
      {' · '}
      <span title="Community ID v1 (corelight/community-id-spec): search Zeek, Suricata, Arkime or Elastic for it" data-testid="community-id">
        Community ID <span className="select-all font-mono">{id}</span>
      </span>
    </>
  );
}
