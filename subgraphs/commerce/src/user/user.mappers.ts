/** Commerce stores no users: a user is an id, and identity resolves the rest. */
export interface UserMapper {
  id: string;
}
