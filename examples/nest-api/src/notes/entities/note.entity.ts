export interface Note {
  id: number;
  title: string;
  body: string;
  tags: string[];
  pinned: boolean;
  createdAt: Date;
  updatedAt: Date;
}
