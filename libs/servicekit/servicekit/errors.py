"""Errors as exception classes carrying status and stable code; one handler renders problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.observability import current_request_id

log = logging.getLogger("servicekit.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class AppError(Exception):
    """A business error: HTTP status, stable machine code, Chinese detail for people."""

    status_code = 400
    code = "BAD_REQUEST"
    title = "请求有误"
    detail = "请求有误"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        status_code: int | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.detail
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.extra = extra or {}
        self.headers = headers
        super().__init__(self.detail)


class Unauthorized(AppError):
    status_code = 401
    code = "AUTH_REQUIRED"
    title = "未登录或登录已失效"
    detail = "未登录或登录已失效，请重新登录"


class Forbidden(AppError):
    status_code = 403
    code = "FORBIDDEN"
    title = "无权访问"
    detail = "您无权执行此操作"


class OutOfJurisdiction(Forbidden):
    code = "OUT_OF_JURISDICTION"
    detail = "该数据不在您的管辖范围内"


class NotFound(AppError):
    status_code = 404
    code = "NOT_FOUND"
    title = "资源不存在"
    detail = "请求的资源不存在"


class Conflict(AppError):
    status_code = 409
    code = "CONFLICT"
    title = "业务冲突"
    detail = "数据已被修改或状态不允许此操作"


class Locked(AppError):
    status_code = 423
    code = "LOCKED"
    title = "已锁定"
    detail = "资源已锁定"


class InvalidInput(AppError):
    status_code = 422
    code = "VALIDATION_ERROR"
    title = "输入有误"
    detail = "提交的数据有误"


class UpstreamError(AppError):
    status_code = 502
    code = "UPSTREAM_UNAVAILABLE"
    title = "依赖服务不可用"
    detail = "依赖的服务暂时不可用，请稍后重试"


class UpstreamTimeout(AppError):
    status_code = 504
    code = "UPSTREAM_TIMEOUT"
    title = "依赖服务超时"
    detail = "依赖的服务响应超时，请稍后重试"


# Chinese wording for the pydantic error types users actually hit.
_PYDANTIC_MESSAGES = {
    "missing": "必填项缺失",
    "string_type": "应为文本",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为是/否",
    "greater_than_equal": "数值过小",
    "greater_than": "数值过小",
    "less_than_equal": "数值过大",
    "less_than": "数值过大",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "uuid_parsing": "编号格式不正确",
    "date_parsing": "日期格式不正确",
    "date_from_datetime_parsing": "日期格式不正确",
    "datetime_parsing": "时间格式不正确",
    "json_invalid": "JSON 格式不正确",
    "model_attributes_type": "数据结构不正确",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "too_short": "条目过少",
    "too_long": "条目过多",
    "extra_forbidden": "不允许的字段",
    "value_error": "取值不正确",
}


# Chinese names of request fields, registered by each service, so a message reads
# "统一社会信用代码：内容过短" rather than "credit_code：内容过短".
FIELD_LABELS: dict[str, str] = {
    "username": "用户名", "password": "密码", "totp_code": "动态口令", "page": "页码", "size": "每页条数",
    "name": "名称", "q": "搜索词", "sort": "排序", "reason": "原因", "note": "说明", "version": "版本号",
}


def register_field_labels(labels: dict[str, str]) -> None:
    FIELD_LABELS.update(labels)


def field_label(path: str) -> str:
    """'products.0.licence_no' → '许可证编号（第 1 项）' when labels are known, else the path."""
    parts = path.split(".")
    names = [FIELD_LABELS.get(p, p) for p in parts if not p.isdigit()]
    index = next((int(p) for p in parts if p.isdigit()), None)
    label = names[-1] if names else path
    return f"{label}（第 {index + 1} 项）" if index is not None else label


def problem_body(
    *, status: int, code: str, title: str, detail: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Build an RFC 9457 problem document with our stable code and the request id."""
    body: dict[str, Any] = {
        "type": f"urn:qsrp:problem:{code.lower()}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if extra:
        body.update(extra)
    return body


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status=status, code=code, title=title, detail=detail, extra=extra),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def translate_validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Turn pydantic errors into [{field, message}] in Chinese."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        ctx_msg = ""
        if err.get("type") == "value_error":
            ctx_msg = str(err.get("ctx", {}).get("error", "")) or err.get("msg", "")
            ctx_msg = ctx_msg.removeprefix("Value error, ")
        message = ctx_msg or _PYDANTIC_MESSAGES.get(err.get("type", ""), "取值不正确")
        out.append({"field": ".".join(loc), "message": message, "type": err.get("type")})
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as problem+json."""

    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            status=exc.status_code,
            code=exc.code,
            title=exc.title,
            detail=exc.detail,
            extra=exc.extra,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = translate_validation_errors(list(exc.errors()))
        first = errors[0] if errors else {"field": "", "message": "提交的数据有误"}
        detail = f"{field_label(first['field'])}：{first['message']}" if first["field"] else first["message"]
        for e in errors:
            e["label"] = field_label(e["field"]) if e["field"] else ""
        return problem_response(
            status=422,
            code="VALIDATION_ERROR",
            title="输入有误",
            detail=detail,
            extra={"errors": errors},
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        mapping = {
            404: ("NOT_FOUND", "资源不存在", "请求的资源不存在"),
            405: ("METHOD_NOT_ALLOWED", "方法不允许", "不支持该请求方法"),
            401: ("AUTH_REQUIRED", "未登录", "未登录或登录已失效，请重新登录"),
            403: ("FORBIDDEN", "无权访问", "您无权执行此操作"),
        }
        code, title, detail = mapping.get(
            exc.status_code, ("HTTP_ERROR", "请求失败", "请求失败")
        )
        return problem_response(
            status=exc.status_code, code=code, title=title, detail=detail,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", type(exc.orig).__name__ if exc.orig else "unknown")
        return problem_response(
            status=409, code="DATA_CONFLICT", title="数据冲突",
            detail="数据与已有记录冲突（可能重复提交或已被他人修改），未做任何更改",
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(
            status=500,
            code="INTERNAL_ERROR",
            title="服务器内部错误",
            detail="服务器内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号",
        )
