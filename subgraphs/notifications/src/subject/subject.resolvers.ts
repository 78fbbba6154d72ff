/** Subjects are federation references: `{ __typename, id }`, completed by the owning subgraph. */
export interface SubjectReference {
  __typename: string;
  id: string;
}

export const NotificationSubject = {
  __resolveType: (subject: SubjectReference) => subject.__typename,
};
