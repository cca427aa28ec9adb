import ExcelJS from 'exceljs';

/** A one-sheet workbook in base64, cells as given (numbers stay number cells, Dates date cells). */
export async function xlsxBase64(rows: (string | number | Date | null)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

/** The first sheet of an XLSX body as rows of plain values. */
export async function readXlsx(body: ArrayBuffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
