// Files imported as text (Vite `?raw`): the SQL of the database objects, libs/api/db/sql.
declare module '*.sql?raw' {
  const text: string;
  export default text;
}
