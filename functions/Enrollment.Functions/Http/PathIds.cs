namespace Enrollment.Functions.Http;

/// <summary>
/// Every id in a path (county, school, application, appeal, staff, …) is written with ASCII letters, digits and
/// <c>- _ . @</c>. Anything else names nothing here and never reaches storage: a byte that is not UTF-8 (<c>%FF%FE</c>)
/// once stopped the local Cosmos server for every request after it.
/// </summary>
public static class PathIds
{
    public static IApplicationBuilder UsePathIdCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        foreach (var (_, value) in context.Request.RouteValues)
        {
            if (value is string text && !IsPlain(text))
            {
                await Problems.Problem(StatusCodes.Status404NotFound, "not-found", "没有找到", "地址中的编号有误，请检查链接，或从首页重新进入。").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    });

    public static bool IsPlain(string text) => text.Length <= 200 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');
}
