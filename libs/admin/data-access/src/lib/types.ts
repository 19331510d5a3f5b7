import type { Role } from '@zhtj/domain';

export interface Me {
  id: string;
  username: string;
  role: Role;
  orgId: string | null;
  memberId?: string;
  orgName: string;
  orgPath: string[];
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: Omit<Me, 'orgName' | 'orgPath'>;
}

export interface Health {
  status: string;
  db: string;
}
