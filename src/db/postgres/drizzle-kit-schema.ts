import { pgTables } from './tables';

// drizzle-kit collects the tables among a module's exports.
export = pgTables;
