#!/usr/bin/python3
"""Tạo các tệp bảng tính mẫu dùng trong hướng dẫn (docs/huong-dan/).

Chạy:  python3 docs/huong-dan/vi-du/tao-tep-mau.py
Cần gói python3-openpyxl của Debian (sudo apt install python3-openpyxl).

Tạo trong thư mục hiện tại:
  xep-hang-xa-2026.xlsx    kết quả Chỉ số CCHC cấp xã năm 2026 (số liệu minh họa)
  xep-hang-co-loi.xlsx     cùng bảng đó nhưng có một tên xã viết sai
  ket-qua-quy-1-2026.xlsx  kết quả chỉ tiêu quý I/2026 của Kế hoạch 158/KH-UBND (minh họa)
  ket-qua-quy-1-2026.csv   cùng số liệu, dạng CSV (UTF-8, dấu chấm phẩy) như Excel lưu
Số liệu chỉ để thử, không phải kết quả thật.
"""
import datetime

import openpyxl

XEP_HANG = [
    # tên như Sở Nội vụ thường ghi, tổng điểm, cải cách TTHC, chính quyền số
    ("UBND xã Mèo Vạc", 94.12, 13.8, 14.5),
    ("UBND xã Tân Trào", 93.05, 13.6, 14.1),
    ("UBND phường Minh Xuân", "91,48", "13,2", "13,9"),
    ("UBND xã Năm Dẫn", 89.7, 12.9, 13.4),
    ("UBND xã Hoàng Su Phì", 88.36, 12.7, 13.0),
    ("UBND xa Lam Binh", 86.9, 12.1, 12.8),
    ("UBND phường Nông Tiến", 84.25, 11.9, 12.2),
    ("UBND xã Yên Minh", 80.6, 11.2, 11.5),
]


def xep_hang(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xếp hạng"
    ws.append(["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CÁC XÃ, PHƯỜNG NĂM 2026"])
    ws.append(["(Kèm theo Quyết định số 45/QĐ-UBND ngày 20/01/2027 của UBND tỉnh)"])
    ws.append(["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Cải cách TTHC",
               "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"])
    for i, (name, score, tthc, so) in enumerate(rows, 1):
        ws.append([i, name, score, i, tthc, so])
    ws.append([])
    ws.append(["", "Người lập biểu: Phòng CCHC, Sở Nội vụ"])
    wb.save(path)


KET_QUA = [
    # mã chỉ tiêu, đơn vị (trống = đơn vị chủ trì), kết quả (tỉ lệ), ghi chú
    ("I.4", "", 1.0, ""),
    ("II.2", "", 0.985, ""),
    ("III.2", "Sở Tư pháp", 0.92, "Theo hệ thống quản lý văn bản"),
    ("III.3", "", 1.0, ""),
    ("III.4", "", 0.9912, ""),
]


def ket_qua(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Quý I"
    ws.append(["KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH 158/KH-UBND QUÝ I/2026"])
    ws.append(["TT", "Mã chỉ tiêu", "Đơn vị", "Kỳ báo cáo", "Kết quả", "Ngày báo cáo", "Ghi chú"])
    for i, (kpi, agency, value, note) in enumerate(KET_QUA, 1):
        ws.append([i, kpi, agency or None, "Quý I/2026", value, datetime.date(2026, 4, 10), note or None])
        ws.cell(ws.max_row, 5).number_format = "0.0%"
        ws.cell(ws.max_row, 6).number_format = "dd/mm/yyyy"
    wb.save(path)
    # the same as Excel's "CSV UTF-8" with a Vietnamese list separator
    lines = ["Mã chỉ tiêu;Đơn vị;Kỳ báo cáo;Kết quả;Ngày báo cáo;Ghi chú"]
    for kpi, agency, value, note in KET_QUA:
        pct = ("%.2f" % (value * 100)).rstrip("0").rstrip(".").replace(".", ",")
        lines.append(";".join([kpi, agency, "Quý I/2026", pct + "%", "10/04/2026", note]))
    with open(path.replace(".xlsx", ".csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")


xep_hang("xep-hang-xa-2026.xlsx", XEP_HANG)
xep_hang("xep-hang-co-loi.xlsx", XEP_HANG[:5] + [("UBND xã Lâm Bằng", 86.9, 12.1, 12.8), ("UBND xã Yên Phú", 84.25, 11.9, 12.2)])
ket_qua("ket-qua-quy-1-2026.xlsx")
print("đã tạo xep-hang-xa-2026.xlsx, xep-hang-co-loi.xlsx, ket-qua-quy-1-2026.xlsx, ket-qua-quy-1-2026.csv")
