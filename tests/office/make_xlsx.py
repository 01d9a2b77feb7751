#!/usr/bin/python3
"""Writes the spreadsheets of the office tests with openpyxl (Debian's
python3-openpyxl), as offices send them: a title row above the header, a
first sheet of instructions, names written in several ways, decimal commas
in text cells, percent and date formats.

usage: make_xlsx.py KIND OUT.xlsx [ROWS...]
  KIND ranking: ROWS are "name|score|rank|tthc" (empty parts left blank)
  KIND results: ROWS are "kpi|agency|period|value|kind" where kind is
                "pct" (value/100 with a percent format), "date" (value is
                the report date, d/m/Y, written as a date cell) or "" (as is)
"""
import datetime
import sys

import openpyxl


def number_or_text(s):
    try:
        return float(s) if "." in s else int(s)
    except ValueError:
        return s  # "88,5" stays text, as typed in a Vietnamese Excel


def main():
    kind, out, rows = sys.argv[1], sys.argv[2], sys.argv[3:]
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Hướng dẫn"
    info["A1"] = "Bảng này do Sở Nội vụ gửi; số liệu ở trang tính thứ hai."
    ws = wb.create_sheet("Xếp hạng 2026" if kind == "ranking" else "Kết quả")
    ws.append(["KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026" if kind == "ranking" else "BÁO CÁO KẾT QUẢ"])
    ws.append([])
    if kind == "ranking":
        ws.append(["STT", "Tên đơn vị", "Tổng điểm (thang 100)", "Xếp hạng", "Cải cách TTHC", "Người lập"])
        for i, r in enumerate(rows, 1):
            name, score, rank, tthc = (r.split("|") + ["", "", "", ""])[:4]
            ws.append([i, name, number_or_text(score) if score else None, number_or_text(rank) if rank else None,
                       number_or_text(tthc) if tthc else None, None])
    else:
        ws.append(["TT", "Mã chỉ tiêu", "Đơn vị", "Kỳ báo cáo", "Kết quả", "Ngày báo cáo"])
        for i, r in enumerate(rows, 1):
            kpi, agency, period, value, how = (r.split("|") + ["", "", "", "", ""])[:5]
            row = [i, kpi, agency or None, period, None, None]
            ws.append(row)
            n = ws.max_row
            if how == "pct":
                ws.cell(n, 5, float(value) / 100).number_format = "0.0%"
            elif how == "date":
                ws.cell(n, 5, "x")
                ws.cell(n, 6, datetime.datetime.strptime(value, "%d/%m/%Y")).number_format = "dd/mm/yyyy"
            else:
                ws.cell(n, 5, number_or_text(value))
    wb.save(out)


if __name__ == "__main__":
    main()
