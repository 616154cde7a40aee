/** Path of the committed src/lib/database.types.ts. */
export declare const typesPath: string;
/** Where @supabase/postgres-meta's server script is; throws when the package is not installed. */
export declare function postgresMetaServer(): string;
/** The generated file's contents for the migrations as they are now (a throwaway database on `databaseUrl`'s server). */
export declare function generateTypes(databaseUrl: string): Promise<string>;
